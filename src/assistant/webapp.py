"""The web UI (Gradio Blocks): cited answers with clickable citation chips, the
source panel, filters, the corpus view, briefing notes with exports, and one
public API endpoint (`/ask`) that returns `Answer.to_dict()`.

Safe by default: loopback only unless credentials are given, analytics off, no
share link, uploads off, and only files this app wrote are ever served.
"""

from __future__ import annotations

import atexit
import ipaddress
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from . import cite, lang  # noqa: E402
from .brief import Brief, Note, compile_brief, to_docx, to_markdown  # noqa: E402
from .service import Assistant, open_assistant  # noqa: E402
from .types import Answer, Unit  # noqa: E402

EXAMPLES = [
    "What does WG2 follow up on?",
    "Which actions will the RIAL pursue?",
    "What was said about labor inspection?",
    "¿Qué dice el plan sobre inspección laboral?",
    "¿Qué temas sigue el Grupo de Trabajo 2?",
]
UPLOAD_TYPES = (".txt", ".md", ".pdf", ".docx", ".html")
MAX_UPLOAD_MB = 50
STREAM_AFTER = 0.3  # seconds: slower answers are revealed progressively
CONTEXT_LIMIT = 40  # units shown around a cited unit in the source panel


class UIConfigError(ValueError):
    """The UI was asked to start in an unsafe or inconsistent configuration."""


class UploadError(ValueError):
    """An uploaded file was refused (type, size, name, or indexing already running)."""


# -- configuration ---------------------------------------------------------------
def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_auth(host: str, auth: tuple[str, str] | str | None = None) -> tuple[str, str] | None:
    """Credentials from the argument or ASSISTANT_AUTH ("user:password"); required off loopback."""
    raw: tuple[str, str] | str | None = auth or os.environ.get("ASSISTANT_AUTH") or None
    creds: tuple[str, str] | None = None
    if isinstance(raw, str):
        user, sep, password = raw.partition(":")
        if not sep or not user or not password:
            raise UIConfigError('auth must look like "user:password"')
        creds = (user, password)
    elif raw is not None:
        creds = (str(raw[0]), str(raw[1]))
    if creds is None and not is_loopback(host):
        raise UIConfigError(f"refusing to listen on {host} without authentication: pass auth "
                            'or set ASSISTANT_AUTH="user:password" (or bind 127.0.0.1)')
    return creds


# -- HTML ------------------------------------------------------------------------
def chip(doc_id: str, ref: str) -> str:
    cid = cite.format_cid(doc_id, ref)
    return (f'<button type="button" class="cite-chip" data-cid="{escape(cid)}" '
            f'title="{escape(cid)}">{escape(ref)}</button>')


def with_chips(text: str) -> str:
    """Escape `text` and turn every citation mark in it into a chip."""
    out, pos = [], 0
    for m in cite.MARK.finditer(text):
        out += [escape(text[pos:m.start()]), chip(m.group(1), m.group(2))]
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _lines_html(lines: list[str]) -> str:
    out: list[str] = []
    in_list = False
    for line in lines:
        bullet = line.startswith("- ")
        if bullet != in_list:
            out.append("<ul>" if bullet else "</ul>")
            in_list = bullet
        body = with_chips(line[2:] if bullet else line)
        frame = not bullet and not cite.MARK.search(line)
        out.append(f"<li>{body}</li>" if bullet else
                   f'<p class="{"ans-frame" if frame else "ans-lead"}">{body}</p>')
    return "".join(out) + ("</ul>" if in_list else "")


def _refs_html(ans: Answer) -> str:
    items = "".join(f"<li>{escape(cite.render_reference(c).split('] ', 1)[-1])}</li>"
                    for c in ans.citations)
    title = f'{lang.say("references", ans.language)} ({len(ans.citations)})'
    return f'<details class="refs"><summary>{title}</summary><ol>{items}</ol></details>'


def _clip(text: str, limit: int = 260) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def not_found_html(ans: Answer) -> str:
    items = "".join(f'<li>{chip(u.doc_id, u.ref)} <span class="doc-tag">{escape(u.doc_id)}</span> '
                    f"{escape(_clip(u.text))}</li>" for u in ans.related)
    related = (f'<p>{escape(lang.say("related", ans.language))}</p><ul class="related">{items}</ul>'
               if ans.related else "")
    banner = escape(lang.say("not_found", ans.language))
    return f'<div class="answer notfound complete"><p class="nf-banner">{banner}</p>{related}</div>'


def answer_html(ans: Answer, upto: int | None = None) -> str:
    """The answer as one line of HTML; `upto` shows only its first lines (streaming)."""
    if not ans.answered:
        return not_found_html(ans)
    lines = ans.text.splitlines()
    done = upto is None or upto >= len(lines)
    body = _lines_html(lines if done else lines[:upto])
    tail = _refs_html(ans) if done and ans.citations else ""
    return f'<div class="answer answered{" complete" if done else ""}">{body}{tail}</div>'


def error_html(e: BaseException) -> str:
    return (f'<div class="answer error complete"><b>{type(e).__name__}</b>: '
            f"{escape(str(e))}</div>")


PENDING_HTML = '<div class="answer pending">Searching the documents</div>'
EMPTY_NOTE = "_The note is empty: pin answers (Ask tab) or briefs to it._"
EMPTY_SOURCE = ('<div class="source empty">Click a citation chip (such as '
                '<span class="cite-chip">¶8</span>) to see the passage in its document.</div>')


def _unit_text(u: Unit, ref: str, quote: str, hit: Unit | None) -> str:
    """A context unit's text; the cited one marked (its quote if found, else all of it)."""
    if u.ref != ref:
        return escape(u.text)
    if hit is None:
        return f"<mark>{escape(u.text)}</mark>"
    if u is not hit:
        return escape(u.text)
    a, b = u.text.split(quote, 1)
    return f"{escape(a)}<mark>{escape(quote)}</mark>{escape(b)}"


def _context(assistant: Assistant, unit: Unit) -> list[Unit]:
    units = assistant.retriever.group_units(unit.doc_id, unit.group) if unit.group else []
    if not any(u.key == unit.key for u in units):
        units = [u for u in assistant.index.units
                 if u.doc_id == unit.doc_id and abs(u.order - unit.order) <= 1]
    at = next(i for i, u in enumerate(units) if u.key == unit.key)
    lo = max(0, at - CONTEXT_LIMIT // 2)
    return units[lo:lo + CONTEXT_LIMIT]


def source_html(assistant: Assistant, cid: str, quote: str = "") -> str:
    """The cited unit inside its paragraph or panel, the quote marked, with its document."""
    try:
        doc_id, ref = cite.parse_cid(cid)
    except ValueError:
        return f'<div class="source empty">Not a citation: {escape(cid)}</div>'
    cited = [u for u in assistant.index.units if u.doc_id == doc_id and u.ref == ref]
    if not cited:
        return f'<div class="source empty">{escape(cid)} is not in the current index.</div>'
    hit = next((u for u in cited if quote and quote in u.text), None)
    rows = []
    for u in _context(assistant, cited[0]):
        cls = "unit cited" if u.ref == ref else "unit"
        rows.append(f'<div class="{cls}">{chip(u.doc_id, u.ref)}{_unit_text(u, ref, quote, hit)}'
                    "</div>")
    meta = assistant.index.docs.get(doc_id)
    title = meta.title if meta else doc_id
    facts = [("Meeting", meta.meeting if meta else ""), ("Date", meta.date if meta else ""),
             ("Symbol", meta.symbol if meta else ""), ("Ref", ref)]
    facts_html = " · ".join(f"<b>{k}:</b> {escape(v)}" for k, v in facts if v)
    path = " › ".join(escape(h) for h in cited[0].headings)
    return (f'<div class="source" data-cid="{escape(cid)}"><h3>{escape(title)}</h3>'
            f'<div class="meta">{facts_html}</div><div class="path">{path}</div>'
            f"{''.join(rows)}</div>")


def corpus_html(assistant: Assistant) -> str:
    """What's in the corpus: one row per document, with its meeting, date and unit counts."""
    counts: dict[str, int] = {}
    sections: dict[str, set[str]] = {}
    for u in assistant.index.units:
        counts[u.doc_id] = counts.get(u.doc_id, 0) + 1
        if u.headings:
            sections.setdefault(u.doc_id, set()).add(u.headings[0])
    rows = "".join(
        f"<tr><td><b>{escape(d.title)}</b><br><code>{escape(d.doc_id)}</code></td>"
        f"<td>{escape(d.kind)}</td><td>{escape(d.meeting)}</td><td>{escape(d.date)}</td>"
        f"<td>{escape(d.symbol)}</td><td>{escape(d.language)}</td><td>{counts.get(d.doc_id, 0)}</td>"
        f"<td>{len(sections.get(d.doc_id, ()))}</td><td>{escape(d.source)}</td></tr>"
        for d in assistant.index.docs.values())
    m = assistant.index.manifest
    skipped = assistant.index.report.get("skipped", [])
    skip_html = "".join(f"<li>{escape(s.get('file', ''))}: {escape(s.get('reason', ''))}</li>"
                        for s in skipped)
    return (f'<div class="corpus"><p>{len(assistant.index.docs)} documents, '
            f"{len(assistant.index.units)} citable units; embedder <code>{escape(str(m.get('embedder')))}"
            f"</code>, index built {escape(str(m.get('created', '')))}.</p><table><tr><th>Document</th>"
            "<th>Kind</th><th>Meeting</th><th>Date</th><th>Symbol</th><th>Lang.</th><th>Units</th>"
            f"<th>Sections</th><th>File</th></tr>{rows}</table>"
            + (f"<p>Skipped files:</p><ul>{skip_html}</ul>" if skipped else "") + "</div>")


def brief_html(b: Brief) -> str:
    if not b.groups:
        return ('<div class="answer notfound complete"><p class="nf-banner">Nothing in these '
                f"documents meets the relevance cut for “{escape(b.topic)}”.</p></div>")
    parts = [f'<div class="brief-view"><p><b>{len(b.citations)} passages on '
             f"“{escape(b.topic)}”</b></p>"]
    for g in b.groups:
        items = "".join(f"<li>“{escape(c.quote)}” {chip(c.doc_id, c.ref)}</li>" for c in g.citations)
        parts.append(f'<div class="group"><h4>{escape(g.title)}</h4><div class="meeting">'
                     f"{escape(g.meeting)} {escape(g.date)}</div><ul>{items}</ul></div>")
    return "".join(parts) + "</div>"


# -- state and handlers -------------------------------------------------------------
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


class UnsupportedFileType(UploadError):
    """The uploaded file is not one of UPLOAD_TYPES."""


class FileTooLarge(UploadError):
    """The uploaded file is larger than MAX_UPLOAD_MB."""


class IndexingBusy(UploadError):
    """A re-index is already running."""


# -- layout ---------------------------------------------------------------------
_WORKDIRS: dict[int, Path] = {}
PRIVATE: dict[str, Any] = {"api_visibility": "private"}


def _asset(name: str) -> str:
    return resources.files("assistant").joinpath(name).read_text(encoding="utf-8")


def _new_workdir() -> Path:
    """The app's own temp folder; Gradio's file cache goes inside it unless set already."""
    workdir = Path(tempfile.mkdtemp(prefix="assistant-ui-")).resolve()
    atexit.register(shutil.rmtree, workdir, True)
    os.environ.setdefault("GRADIO_TEMP_DIR", str(workdir / "gradio-cache"))
    return workdir


@dataclass
class _Shared:
    """Components and states several tabs use."""

    h: Handlers
    doc: Any
    k: Any
    source: Any
    quotes: Any
    note: Any
    last: Any
    note_outputs: list[Any] = field(default_factory=list)


def _ask_tab(s: _Shared) -> Any:
    chat = gr.Chatbot(elem_id="chat", height=520, show_label=False, sanitize_html=False,
                      feedback_options=None, buttons=["copy"], group_consecutive_messages=False,
                      placeholder="Ask about the documents; every statement carries its source.")
    with gr.Row():
        question = gr.Textbox(elem_id="question", show_label=False, scale=6, autofocus=True,
                              placeholder="e.g. What does WG2 follow up on?  (Enter to ask)")
        ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-btn")
    with gr.Row():
        pin = gr.Button("Pin to note", size="sm", elem_id="pin-btn")
        clear = gr.Button("Clear chat", size="sm")
    gr.Examples(EXAMPLES, inputs=question, label="Example questions (English and Spanish)",
                **PRIVATE)
    args: dict[str, Any] = dict(fn=s.h.respond, inputs=[question, chat, s.k, s.doc, s.quotes],
                                outputs=[chat, question, s.quotes, s.last], show_progress="hidden",
                                **PRIVATE)
    question.submit(**args)
    ask.click(**args)
    clear.click(lambda: ([], None, EMPTY_SOURCE), None, [chat, s.last, s.source], **PRIVATE)
    return pin


def _brief_tab(s: _Shared) -> None:
    brief = gr.State(None)
    with gr.Row():
        topic = gr.Textbox(label="Topic", scale=5, elem_id="brief-topic",
                           placeholder="e.g. labor inspection, child labor, social dialogue")
        run = gr.Button("Brief", variant="primary", scale=1, elem_id="brief-btn")
    view = gr.HTML(elem_id="brief-view")
    add = gr.Button("Pin brief to note", size="sm")
    gr.Markdown("### The note")
    with gr.Row():
        md = gr.DownloadButton("Download Markdown", interactive=False, elem_id="dl-md", size="md")
        docx = gr.DownloadButton("Download DOCX", interactive=False, elem_id="dl-docx", size="md")
        clear = gr.Button("Clear note", size="md")
    preview = gr.Markdown(EMPTY_NOTE, elem_id="note-view", max_height=520, container=True,
                          padding=True)
    s.note_outputs[:] = [s.note, preview, md, docx]
    topic.submit(s.h.compile, [topic, s.k, s.doc, s.quotes], [view, brief, s.quotes], **PRIVATE)
    run.click(s.h.compile, [topic, s.k, s.doc, s.quotes], [view, brief, s.quotes], **PRIVATE)
    add.click(s.h.pin, [s.note, brief], s.note_outputs, **PRIVATE)
    clear.click(s.h.clear_note, s.note, s.note_outputs, **PRIVATE)


def _upload_tab(s: _Shared, corpus_view: Any) -> None:
    gr.Markdown(f"Add a document to the corpus ({', '.join(UPLOAD_TYPES)}, up to "
                f"{MAX_UPLOAD_MB} MB). It is copied into the corpus folder and the index is "
                "rebuilt in the background.")
    up = gr.File(label="Document", file_types=list(UPLOAD_TYPES), file_count="single",
                 type="filepath", elem_id="upload")
    status = gr.Markdown(s.h.live.status, elem_id="upload-status")
    seen = gr.State(s.h.live.generation)
    up.upload(s.h.upload, up, status, **PRIVATE)
    gr.Timer(1.0).tick(s.h.tick, seen, [status, s.doc, corpus_view, seen], show_progress="hidden",
                       **PRIVATE)


def _layout(h: Handlers, allow_upload: bool) -> None:
    source = gr.HTML(EMPTY_SOURCE, elem_id="source-panel", js_on_load=_asset("webapp.js"),
                     render=False)
    s = _Shared(h, None, None, source, gr.State({}), gr.State(Note()), gr.State(None))
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            with gr.Row():
                s.doc = gr.Dropdown(h.doc_choices(), value="", label="Document", scale=3,
                                    elem_id="doc-filter")
                s.k = gr.Slider(1, 20, value=8, step=1, label="Passages searched (k)", scale=2)
            with gr.Tabs():
                with gr.Tab("Ask", id="ask"):
                    pin = _ask_tab(s)
                with gr.Tab("Briefing note", id="brief"):
                    _brief_tab(s)
                with gr.Tab("What's in the corpus", id="corpus"):
                    corpus_view = gr.HTML(corpus_html(h.assistant), elem_id="corpus-view")
                if allow_upload:
                    with gr.Tab("Add a document", id="upload"):
                        _upload_tab(s, corpus_view)
        with gr.Column(scale=2, elem_id="source-column"):
            gr.Markdown("### Source")
            source.render()
    pin.click(h.pin, [s.note, s.last], s.note_outputs, **PRIVATE)
    source.click(h.show_source, s.quotes, source, show_progress="hidden", **PRIVATE)
    gr.api(h.api_ask, api_name="ask")


# An answer costs ~30 ms of server CPU (half of it Gradio's own); 4 workers keep both
# cores busy (2 and 8 measured no better), and a bounded queue refuses a flood
# rather than letting every wait grow (`assistant bench --load`, README Performance).
QUEUE_SETTINGS: dict[str, Any] = {
    "default_concurrency_limit": int(os.environ.get("ASSISTANT_UI_CONCURRENCY", "4")),
    "max_size": int(os.environ.get("ASSISTANT_UI_QUEUE", "256"))}


def build_app(assistant: Assistant, *, allow_upload: bool = False, corpus: Path | None = None,
              index_dir: Path | None = None, embedder: str | None = None) -> gr.Blocks:
    """The Blocks app. Launch it with `start()` (or `launch()`), which applies the safe
    defaults; `allow_upload` needs the corpus, index folder and embedder to rebuild with."""
    if allow_upload and not (corpus and index_dir and embedder):
        raise UIConfigError("allow_upload needs corpus, index_dir and embedder")
    live = Live(assistant, _new_workdir(), corpus, index_dir, embedder)
    with gr.Blocks(title="IACML documents — cited answers", analytics_enabled=False) as demo:
        gr.HTML(head=f"<style>{_asset('webapp.css')}</style>", value="")
        gr.Markdown("## Inter-American Conference of Ministers of Labor — document assistant\n"
                    "Answers quote the official documents; click a citation to see its source.")
        _layout(Handlers(live), allow_upload)
    _WORKDIRS[id(demo)] = live.workdir
    return demo


def start(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, *,
          auth: tuple[str, str] | str | None = None, block: bool = False) -> str:
    """Launch `demo` with the safe defaults; returns its local URL (blocks if `block`)."""
    creds = resolve_auth(host, auth)
    workdir = _WORKDIRS.get(id(demo))
    demo.queue(**QUEUE_SETTINGS)
    _, url, _ = demo.launch(
        server_name=host, server_port=port, auth=creds, share=False, inbrowser=False,
        prevent_thread_lock=not block, quiet=not block, show_error=True, ssr_mode=False,
        allowed_paths=[str(workdir)] if workdir else [], max_file_size=f"{MAX_UPLOAD_MB}mb",
        footer_links=["api"], enable_monitoring=False, mcp_server=False, pwa=False,
        css=_asset("webapp.css"))
    return str(url)


def launch(host: str = "127.0.0.1", port: int = 7860, *, auth: tuple[str, str] | str | None = None,
           allow_upload: bool = False, corpus: Path, index_dir: Path, embedder: str) -> None:
    """Open the assistant and serve the UI until interrupted (`assistant ui`)."""
    resolve_auth(host, auth)  # refuse an unsafe bind before loading anything
    assistant = open_assistant(Path(corpus), Path(index_dir), embedder)
    demo = build_app(assistant, allow_upload=allow_upload, corpus=Path(corpus),
                     index_dir=Path(index_dir), embedder=embedder)
    start(demo, host, port, auth=auth, block=True)
