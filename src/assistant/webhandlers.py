"""The Python side of the web UI's events: asking (streamed into the chat), the
source panel, briefs and the note's exports, and uploads re-indexed in the
background. `Live` is what all sessions share.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from .brief import Brief, Note, compile_brief, to_docx, to_markdown
from .service import Assistant, open_assistant
from .types import Answer
from .webhtml import (
    EMPTY_NOTE,
    PENDING_HTML,
    answer_html,
    brief_html,
    corpus_html,
    error_html,
    source_html,
)

UPLOAD_TYPES = (".txt", ".md", ".pdf", ".docx", ".html")
MAX_UPLOAD_MB = 50
STREAM_AFTER = 0.3  # seconds: slower answers are revealed progressively


class UploadError(ValueError):
    """An uploaded file was refused (type, size, name, or indexing already running)."""


class UnsupportedFileType(UploadError):
    """The uploaded file is not one of UPLOAD_TYPES."""


class FileTooLarge(UploadError):
    """The uploaded file is larger than MAX_UPLOAD_MB."""


class IndexingBusy(UploadError):
    """A re-index is already running."""


@dataclass
class Live:
    """What all sessions share: the current assistant, swapped after re-indexing."""

    assistant: Assistant
    workdir: Path  # the only folder this app serves files from
    corpus: Path | None = None
    index_dir: Path | None = None
    embedder: str | None = None
    status: str = ""
    generation: int = 0
    indexing: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(4, thread_name_prefix="assistant-ask"))


def _doc_ids(doc_id: str | None) -> list[str] | None:
    return [doc_id] if doc_id else None


def _stream_steps(n: int) -> list[int]:
    steps = min(n, 8)
    return [max(1, -(-n * i // steps)) for i in range(1, steps + 1)] if n else [0]


class Handlers:
    """The Python side of every UI event (and the /ask API)."""

    def __init__(self, live: Live) -> None:
        self.live = live

    @property
    def assistant(self) -> Assistant:
        return self.live.assistant

    # -- ask ---------------------------------------------------------------------
    def api_ask(self, question: str, k: int = 8, doc_id: str = "") -> dict[str, Any]:
        """Answer a question from the documents; the same JSON as Answer.to_dict()."""
        if doc_id and doc_id not in self.assistant.index.docs:
            raise gr.Error(f"UnknownDocument: {doc_id!r} is not in the index "
                           f"(known: {', '.join(self.assistant.index.docs)})")
        k = max(1, min(int(k or 8), 50))
        return self.assistant.ask(question, k, _doc_ids(doc_id)).to_dict()

    def respond(self, question: str, history: list[Any], k: float, doc_id: str,
                quotes: dict[str, str]) -> Iterator[tuple[Any, ...]]:
        """Stream an answer into the chat: placeholder, then the answer line by line."""
        question = (question or "").strip()
        if not question:
            yield history, "", quotes, gr.skip()
            return
        history = [*(history or []), {"role": "user", "content": escape(question)},
                   {"role": "assistant", "content": PENDING_HTML}]
        t0 = time.perf_counter()
        fut = self.live.pool.submit(self.assistant.ask, question, int(k), _doc_ids(doc_id))
        if wait([fut], timeout=STREAM_AFTER).not_done:
            yield history, "", quotes, gr.skip()  # the placeholder, until the answer is ready
        try:
            ans = fut.result()
        except Exception as e:  # noqa: BLE001 -- shown in the chat, the app keeps running
            history[-1] = {"role": "assistant", "content": error_html(e)}
            yield history, "", quotes, gr.skip()
            return
        quotes = {**quotes, **{c.cid: c.quote for c in ans.citations}}
        slow = time.perf_counter() - t0 > STREAM_AFTER and ans.answered
        for upto in _stream_steps(len(ans.text.splitlines())) if slow else [None]:
            history[-1] = {"role": "assistant", "content": answer_html(ans, upto)}
            yield history, "", quotes, ans
            if slow:
                time.sleep(0.03)

    def show_source(self, quotes: dict[str, str], evt: gr.EventData) -> Any:
        cid = str(getattr(evt, "cid", "") or "")
        if not cid:
            return gr.skip()
        return source_html(self.assistant, cid, (quotes or {}).get(cid, ""))

    # -- briefing notes --------------------------------------------------------------
    def compile(self, topic: str, k: float, doc_id: str,
                quotes: dict[str, str]) -> tuple[str, Brief | None, dict[str, str]]:
        if not (topic or "").strip():
            raise gr.Error("EmptyTopic: type a topic to brief on")
        b = compile_brief(self.assistant, topic, max(12, int(k)), _doc_ids(doc_id))
        return brief_html(b), b, {**quotes, **{c.cid: c.quote for c in b.citations}}

    def note_outputs(self, note: Note) -> tuple[Any, ...]:
        """The note's preview and its two download buttons (files written anew)."""
        if not note.sections:
            off = gr.DownloadButton(value=None, interactive=False)
            return note, EMPTY_NOTE, off, off
        out = self.live.workdir / uuid.uuid4().hex
        out.mkdir()
        md = out / "briefing-note.md"
        md.write_text(to_markdown(note), encoding="utf-8")
        docx_path = to_docx(note, out / "briefing-note.docx")
        return (note, to_markdown(note), gr.DownloadButton(value=str(md), interactive=True),
                gr.DownloadButton(value=str(docx_path), interactive=True))

    def pin(self, note: Note, item: Answer | Brief | None) -> tuple[Any, ...]:
        if item is None:
            raise gr.Error("NothingToPin: ask a question (or compile a brief) first")
        n = len(note.sections) + 1
        gr.Info(f"Pinned to the note ({n} item{'s' if n > 1 else ''})")
        return self.note_outputs(Note(note.title, [*note.sections, item]))

    def clear_note(self, note: Note) -> tuple[Any, ...]:
        return self.note_outputs(Note(note.title))

    # -- corpus and uploads ----------------------------------------------------------
    def doc_choices(self) -> list[tuple[str, str]]:
        return [("All documents", "")] + [(f"{d.title} ({d.doc_id})", d.doc_id)
                                          for d in self.assistant.index.docs.values()]

    def upload(self, path: str | None) -> str:
        if not path:
            return self.live.status
        try:
            name = self._accept(Path(path))
        except UploadError as e:
            gr.Warning(f"{type(e).__name__}: {e}")
            return f"**{type(e).__name__}:** {escape(str(e))}"
        self.live.status = f"Indexing {name} … (the current index keeps answering meanwhile)"
        threading.Thread(target=self._reindex, args=(name,), daemon=True).start()
        return self.live.status

    def _accept(self, src: Path) -> str:
        live = self.live
        name = Path(src.name).name
        if src.suffix.lower() not in UPLOAD_TYPES:
            raise UnsupportedFileType(f"{name}: only {', '.join(UPLOAD_TYPES)} files are accepted")
        if src.stat().st_size > MAX_UPLOAD_MB * 1024 * 1024:
            raise FileTooLarge(f"{name} is larger than {MAX_UPLOAD_MB} MB")
        assert live.corpus is not None
        if (live.corpus / name).exists() or name.startswith("."):
            raise UploadError(f"a file named {name} is already in the corpus")
        with live.lock:
            if live.indexing:
                raise IndexingBusy("another document is being indexed; try again shortly")
            live.indexing = True
        try:
            shutil.copyfile(src, live.corpus / name)
        except OSError as e:
            live.indexing = False
            raise UploadError(f"could not copy {name} into the corpus ({e})") from e
        return name

    def _reindex(self, name: str) -> None:
        live = self.live
        assert live.corpus is not None and live.index_dir is not None and live.embedder
        try:
            new = open_assistant(live.corpus, live.index_dir, live.embedder, quiet=True)
        except Exception as e:  # noqa: BLE001 -- reported in the UI; the old index stays
            live.status = (f"**Indexing failed** after adding {escape(name)} "
                           f"({type(e).__name__}: {escape(str(e))}); the previous index is in use.")
        else:
            skipped = [s for s in new.index.report.get("skipped", []) if s.get("file") == name]
            with live.lock:
                live.assistant = new
                live.generation += 1
            live.status = (f"**Skipped** {escape(name)}: {escape(skipped[0].get('reason', ''))}"
                           if skipped else f"**Indexed** {escape(name)}: "
                           f"{len(new.index.docs)} documents, {len(new.index.units)} units.")
        finally:
            live.indexing = False

    def tick(self, seen: int) -> tuple[Any, ...]:
        """Timer: show indexing progress; refresh filters and corpus view after a swap."""
        if seen == self.live.generation:
            return self.live.status, gr.skip(), gr.skip(), seen
        return (self.live.status, gr.Dropdown(choices=self.doc_choices()),
                corpus_html(self.assistant), self.live.generation)
