"""The Python side of the web UI's events: asking (streamed into the chat, kept in the
browser's desk), briefs, sources, the document view and the corpus; the desk's own events
(conversations, the source panel's actions, the note) are in webdesk.py. `Live`
(webcorpus) is what all sessions share; the desk is each browser's own (desk.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from concurrent.futures import wait
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answer.brief import compile_brief
from assistant.app import desk as D
from assistant.app.deskhtml import document_html, find_ref, scope_line, sources_html
from assistant.app.deskstore import DeskStore
from assistant.app.webcorpus import UPLOAD_TYPES, Live, UploadError
from assistant.app.webdesk import DeskEvents, named
from assistant.app.webhtml import EMPTY_SOURCE, PENDING_HTML, answer_html, brief_html, corpus_html, error_html

__all__ = ["Handlers", "Live", "UPLOAD_TYPES", "QuestionTooLong", "STREAM_AFTER"]
STREAM_AFTER = 0.3  # seconds: slower answers are revealed progressively


class QuestionTooLong(ValueError):
    """A question longer than limits.question_chars."""


class NoSourceChosen(ValueError):
    """Every document was unticked in the source picker."""


def checked_question(question: str) -> str:
    from assistant.query.guard import too_long

    if (long := too_long(question)) is not None:  # the guard's own check, as a named error
        raise QuestionTooLong(long.detail)
    return question


def _stream_steps(n: int) -> list[int]:
    steps = min(n, 8)
    return [max(1, -(-n * i // steps)) for i in range(1, steps + 1)] if n else [0]


class Handlers(DeskEvents):
    """The Python side of every UI event (and the /ask API)."""

    def __init__(self, live: Live, desks: Path | None = None) -> None:
        self.live = live
        self.desks = DeskStore(desks)

    def scope(self, chosen: Sequence[str] | None) -> list[str] | None:
        """The chosen documents still in the index; None means all of them."""
        docs = self.assistant.index.docs
        kept = [d for d in (chosen or []) if d in docs]
        if chosen is not None and len(chosen) == 0:
            raise NoSourceChosen("tick at least one document under Sources")
        return None if not kept or set(kept) >= set(docs) else kept

    # -- ask ---------------------------------------------------------------------------
    def api_ask(self, question: str, k: int = 8, doc_id: str = "") -> dict[str, Any]:
        """Answer a question from the documents; the same JSON as Answer.to_dict()."""
        self.live.follow()
        docs = self.assistant.index.docs
        ids = [d.strip() for d in (doc_id or "").split(",") if d.strip()]
        unknown = [d for d in ids if d not in docs]
        if unknown:
            raise gr.Error(f"UnknownDocument: {', '.join(map(repr, unknown))} not in the index "
                           f"(known: {', '.join(docs)})")
        try:
            k = max(1, min(int(k or 8), 50))
        except (TypeError, ValueError):
            raise gr.Error(f"BadRequest: k must be a whole number of passages, not {str(k)[:40]!r}") from None
        try:
            # extractive, as before a model could be configured (the chat's toggle writes)
            return self.assistant.ask(checked_question(str(question or "")), k, ids or None,
                                      written=False).to_dict()
        except Exception as e:  # noqa: BLE001 -- a named error, never Python's text
            raise named(e) from None

    def respond(self, question: str, key: Any, k: float, chosen: list[str] | None,
                quotes: dict[str, str], written: bool = False) -> Iterator[tuple[Any, ...]]:
        """Stream an answer into the chat: placeholder, then the answer line by line (or, with
        `written` and a model configured, the model's reply as it comes, then the checked one).
        Outputs: chat, question box, quotes, desk key, source panel, conversation list."""
        self.live.follow()
        key = self.desks.key(key)
        desk = self.desks.get(key)
        question = (question or "").strip()
        if not question:
            yield D.history(desk), "", quotes, key, gr.skip(), gr.skip()
            return
        assistant = self.assistant  # one generation for the whole answer
        history = [*D.history(desk), {"role": "user", "content": escape(question)},
                   {"role": "assistant", "content": PENDING_HTML}]
        t0 = time.perf_counter()
        try:
            ids = self.scope(chosen)
            fut = self.live.pool.submit(assistant.ask, checked_question(question), int(k or 8), ids,
                                        history=D.turns(desk), written=False)
            if wait([fut], timeout=STREAM_AFTER).not_done:
                yield history, "", quotes, gr.skip(), EMPTY_SOURCE, gr.skip()
            ans = fut.result()
            if written and assistant.writer is not None and ans.answered:
                for ans_or_html in self._writing(ans, assistant):
                    if isinstance(ans_or_html, str):
                        history[-1] = {"role": "assistant", "content": ans_or_html}
                        yield history, "", quotes, gr.skip(), EMPTY_SOURCE, gr.skip()
                    else:
                        ans = ans_or_html
        except Exception as e:  # noqa: BLE001 -- shown in the chat, the app keeps running
            history[-1] = {"role": "assistant", "content": error_html(e)}
            yield history, "", quotes, gr.skip(), EMPTY_SOURCE, gr.skip()
            return
        quotes = {**quotes, **{c.cid: c.quote for c in ans.citations}}
        scope = scope_line(assistant.index.docs, ids)
        slow = time.perf_counter() - t0 > STREAM_AFTER and ans.answered
        for upto in _stream_steps(len(ans.text.splitlines()))[:-1] if slow else []:
            history[-1] = {"role": "assistant", "content": answer_html(ans, upto, scope=scope)}
            yield history, "", quotes, gr.skip(), EMPTY_SOURCE, gr.skip()
            time.sleep(0.03)
        record = D.answer_record(ans, assistant.index.docs)

        def add(desk: D.Desk) -> D.Desk:
            turn = len(D.conversation(desk)["turns"])
            html = answer_html(ans, turn=turn if ans.answered else None, scope=scope)
            return D.add_turn(desk, escape(question), html, record, question)

        desk = self.desks.update(key, add)
        yield D.history(desk), "", quotes, key, EMPTY_SOURCE, self.conversations(desk)

    @staticmethod
    def _writing(ans: Any, assistant: Any) -> Iterator[Any]:
        """The model's reply as HTML while it streams (unchecked, marked so), then the
        checked Answer; its chips are the checked sentences' citations."""
        from assistant.answer.written import stream

        text = ""
        for event in stream(ans, assistant.writer, assistant.index.docs):
            if isinstance(event, str):
                text += event
                yield f'<div class="answer pending writing">{escape(text)}</div>'
            else:
                yield event

    # -- briefs ----------------------------------------------------------------------------
    def compile(self, topic: str, k: float, chosen: list[str] | None,
                quotes: dict[str, str]) -> tuple[Any, ...]:
        if not (topic or "").strip():
            raise gr.Error("EmptyTopic: type a topic to brief on")
        try:
            ids = self.scope(chosen)
            b = compile_brief(self.assistant, checked_question(topic), max(12, int(k or 8)), ids)
        except Exception as e:  # noqa: BLE001
            raise named(e) from None
        docs = self.assistant.index.docs
        records = {"topic": b.topic, "quotes": [D.quote_record(c.doc_id, c.ref, c.quote, docs)
                                                for c in b.citations]}
        view = scope_line(docs, ids) + brief_html(b)
        return view, records, {**quotes, **{c.cid: c.quote for c in b.citations}}

    # -- sources, documents and the corpus ---------------------------------------------------
    def choose(self, evt: gr.EventData) -> tuple[list[str], str]:
        ids = getattr(evt, "ids", None)
        chosen = [str(i) for i in ids] if isinstance(ids, list) else []
        return chosen, self.chosen_line(chosen)

    def chosen_line(self, chosen: list[str] | None) -> str:
        docs = self.assistant.index.docs
        if chosen is None or set(chosen) >= set(docs):
            return f"Asking all {len(docs)} documents."
        if not chosen:
            return "No document ticked: tick at least one."
        return f"Asking {len(chosen)} of {len(docs)} documents."

    def doc_choices(self) -> list[tuple[str, str]]:
        return [(f"{d.title} ({d.year or d.doc_id})", d.doc_id) for d in self.assistant.index.docs.values()]

    def sources(self, chosen: list[str] | None = None) -> str:
        return sources_html(list(self.assistant.index.docs.values()), chosen)

    def read(self, doc_id: str, goto: str) -> str:
        units = [u for u in self.assistant.index.units if u.doc_id == doc_id]
        ref = find_ref(units, goto or "")
        if goto and not ref:
            gr.Warning(f"NoSuchParagraph: {goto!r} is not a paragraph of this document")
        return document_html(self.assistant, doc_id, ref)

    def upload(self, paths: Any) -> str:
        files = [Path(str(p)) for p in (paths if isinstance(paths, list) else [paths]) if p]
        if not files:
            return self.live.status
        try:
            self.live.add(files)
        except UploadError as e:
            gr.Warning(f"{type(e).__name__}: {e}")
            return f"**{type(e).__name__}:** {escape(str(e))}"
        return self.live.status

    def remove(self, doc_id: str) -> str:
        try:
            self.live.remove(doc_id or "")
        except UploadError as e:
            gr.Warning(f"{type(e).__name__}: {e}")
            return f"**{type(e).__name__}:** {escape(str(e))}"
        return self.live.status

    def tick(self, seen: int, chosen: list[str] | None) -> tuple[Any, ...]:
        """Timer: show indexing progress; after a swap refresh what lists the documents.
        Outputs: status, seen, sources, corpus view, document picker, remove picker."""
        self.live.follow()
        status = self.live.status or (self.live.follower.error if self.live.follower else "")
        if seen == self.live.generation:
            return (status, seen, *(gr.skip(),) * 4)
        choices = self.doc_choices()
        return (status, self.live.generation, self.sources(chosen), corpus_html(self.assistant),
                gr.Dropdown(choices=choices), gr.Dropdown(choices=choices, value=None))
