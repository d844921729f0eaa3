"""The desk's events in the web UI: conversations (restore, new, switch), the source
panel's actions (open a chip, pin an answer or a passage, open the document) and the
note's edits, each applied to the browser's desk in the store (deskstore.py).
"""

from __future__ import annotations

import sys
import uuid
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.answer.noteexport import note_docx, note_markdown
from assistant.app import desk as D
from assistant.app.deskhtml import document_html, note_html
from assistant.app.webcorpus import UnknownDocument
from assistant.app.webhtml import EMPTY_SOURCE, public_error, source_html

if TYPE_CHECKING:
    from assistant.app.deskstore import DeskStore
    from assistant.app.service import Assistant
    from assistant.app.webcorpus import Live


def _items(desk: D.Desk) -> str:
    n = len(desk["note"]["items"])
    return f"{n} item{'' if n == 1 else 's'}"


def named(e: Exception) -> gr.Error:
    """The error a user sees: named, without Python's own text (which goes to the log)."""
    print(f"assistant ui: {type(e).__name__}: {e}", file=sys.stderr)
    return gr.Error(public_error(e))


class DeskEvents:
    """Mixed into Handlers, which provides `live`, `assistant` and `desks`."""

    live: Live
    desks: DeskStore

    @property
    def assistant(self) -> Assistant:
        return self.live.assistant

    # -- the note's written summary (the user's own model) -------------------------------
    def summarise_note(self, key: Any, quotes: dict[str, str]) -> Any:
        """Stream "write a summary of this note" into the note tab, then the checked summary
        (or the note's own quotes, saying why). Outputs: summary view, quotes."""
        from html import escape

        from assistant.answer.written import note_answer, stream
        from assistant.app.webhtml import answer_html

        a = self.assistant
        refs = set(D.note_refs(self.desks.get(self.desks.key(key))))
        units = [u for u in a.index.units if (u.doc_id, u.ref) in refs]
        if a.writer is None or not units:
            yield '<div class="answer">Pin passages to the note first.</div>', quotes
            return
        ans = note_answer("Write a summary of these passages.", units, a.index.docs, "en")
        text = ""
        for event in stream(ans, a.writer, a.index.docs, limit=len(units)):
            if isinstance(event, str):
                text += event
                yield f'<div class="answer pending writing">{escape(text)}</div>', gr.skip()
            else:
                yield answer_html(event), {**quotes, **{c.cid: c.quote for c in event.citations}}

    # -- conversations -----------------------------------------------------------------
    def conversations(self, desk: D.Desk) -> Any:
        return gr.Dropdown(choices=D.conversation_choices(desk), value=desk["current"])

    def restore(self, key: Any) -> tuple[Any, ...]:
        """Page load: the browser's desk as it was (chat, conversations, note)."""
        key = self.desks.key(key)
        desk = self.desks.get(key)
        return (key, D.history(desk), self.conversations(desk), *self.note_outputs(key, desk)[1:])

    def new_conversation(self, key: Any) -> tuple[Any, ...]:
        key = self.desks.key(key)
        desk = self.desks.update(key, D.start_conversation)
        return key, D.history(desk), self.conversations(desk), EMPTY_SOURCE

    def switch_conversation(self, conv_id: str, key: Any) -> tuple[Any, ...]:
        key = self.desks.key(key)
        if not conv_id or conv_id == self.desks.get(key)["current"]:
            return gr.skip(), gr.skip(), gr.skip()
        desk = self._update(key, lambda d: D.switch(d, conv_id))
        return key, D.history(desk), EMPTY_SOURCE

    def _update(self, key: str, change: Any) -> D.Desk:
        try:
            return self.desks.update(key, change)
        except (D.DeskError, ValueError) as e:
            raise named(e) from None

    # -- the source panel and its actions --------------------------------------------------
    def act(self, key: Any, quotes: dict[str, str], evt: gr.EventData) -> tuple[Any, ...]:
        """A chip or a desk button was clicked. Outputs: source, desk, note view, the two
        downloads, document view, document picker, tabs."""
        action = str(getattr(evt, "action", "") or "chip")
        cid = str(getattr(evt, "cid", "") or "")
        skip = (gr.skip(),) * 8
        try:
            if action == "chip" and cid:
                return (source_html(self.assistant, cid, (quotes or {}).get(cid, "")), *skip[1:])
            if action == "close-source":
                return (EMPTY_SOURCE, *skip[1:])
            if action == "pin-answer":
                key = self.desks.key(key)
                turn = int(getattr(evt, "turn", -1))
                desk = self._update(key, lambda d: D.pin_answer(d, turn))
                gr.Info(f"Pinned the answer to the note ({_items(desk)})")
                return (gr.skip(), *self.note_outputs(key, desk), *skip[5:])
            if action == "pin-quote" and cid:
                key = self.desks.key(key)
                record = self._quote(cid, evt)
                desk = self._update(key, lambda d: D.pin_quote(d, record))
                gr.Info(f"Pinned {cid} to the note ({_items(desk)})")
                return (gr.skip(), *self.note_outputs(key, desk), *skip[5:])
            if action == "open-doc" and cid:
                doc_id, ref = cid.split(" ", 1)
                return (*skip[:5], document_html(self.assistant, doc_id, ref),
                        gr.Dropdown(value=doc_id), gr.Tabs(selected="read"))
        except (D.DeskError, ValueError) as e:
            raise named(e) from None
        return skip

    def _quote(self, cid: str, evt: gr.EventData) -> dict[str, str]:
        doc_id, ref = cid.split(" ", 1)
        quote = str(getattr(evt, "quote", "") or "")
        unit = next((u for u in self.assistant.index.units if u.doc_id == doc_id and u.ref == ref), None)
        if unit is None:
            raise UnknownDocument(f"{cid} is not in the current index")
        if not quote or quote not in unit.text:
            quote = unit.text  # only the document's own words are ever pinned
        return D.quote_record(doc_id, ref, quote, self.assistant.index.docs)

    # -- the note --------------------------------------------------------------------------
    def note_outputs(self, key: str, desk: D.Desk) -> tuple[Any, ...]:
        """The desk key, the note editor and its two download buttons (files written anew)."""
        note = desk["note"]
        if not note["items"]:
            off = gr.DownloadButton(value=None, interactive=False)
            return key, note_html(note), off, off
        out = self.live.workdir / uuid.uuid4().hex
        out.mkdir()
        md = out / "briefing-note.md"
        md.write_text(note_markdown(note), encoding="utf-8")
        docx_path = note_docx(note, out / "briefing-note.docx")
        return (key, note_html(note), gr.DownloadButton(value=str(md), interactive=True),
                gr.DownloadButton(value=str(docx_path), interactive=True))

    def note_act(self, key: Any, evt: gr.EventData) -> tuple[Any, ...]:
        action = str(getattr(evt, "action", "") or "")
        item = str(getattr(evt, "item", "") or "")
        text = str(getattr(evt, "text", "") or "")
        steps = {"note-up": -1, "note-down": 1}
        changes: dict[str, Any] = {
            "note-up": lambda d: D.move(d, item, steps["note-up"]),
            "note-down": lambda d: D.move(d, item, steps["note-down"]),
            "note-remove": lambda d: D.remove(d, item),
            "note-edit": lambda d: D.edit_text(d, item, text),
            "note-title": lambda d: D.rename(d, text)}
        if action not in changes:
            return (gr.skip(),) * 4
        key = self.desks.key(key)
        return self.note_outputs(key, self._update(key, changes[action]))

    def clear_note(self, key: Any) -> tuple[Any, ...]:
        key = self.desks.key(key)
        return self.note_outputs(key, self.desks.update(key, D.clear_note))

    # -- briefs --------------------------------------------------------------------------
    def pin_brief(self, key: Any, brief: dict[str, Any] | None) -> tuple[Any, ...]:
        if not brief:
            raise gr.Error("NothingToPin: compile a brief first")
        key = self.desks.key(key)
        return self.note_outputs(key, self._update(key, lambda d: D.pin_brief(d, brief["topic"],
                                                                               brief["quotes"])))
