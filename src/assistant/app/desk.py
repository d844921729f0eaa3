"""A delegate's desk, kept per browser: conversations and one working note.

The desk is a plain JSON-able dict, kept by the server under a key only its browser
holds (deskstore.py), so one user's conversations and notes are never another's:

    {"current": conv_id, "convs": [{"id", "title", "turns": [{"qhtml", "html", "rec"}]}],
     "note": {"title", "items": [{"id", "kind", "heading", "text", "quotes": [...]}]}}

A note item's `text` is the user's to edit; its `quotes` are the documents' words with
their citations and are never edited. Every function returns a new desk.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Mapping
from typing import Any

from assistant import cite
from assistant.settings import current

Desk = dict[str, Any]


class DeskError(ValueError):
    """A desk action named a conversation, turn or note item that is not there."""


def _id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(8)}"


def new_desk() -> Desk:
    conv = {"id": _id("c"), "title": "", "turns": []}
    return {"current": conv["id"], "convs": [conv], "note": {"title": "Briefing note", "items": []}}


def valid(desk: Any) -> Desk:
    """The desk as stored, or a fresh one when storage holds nothing usable."""
    if not isinstance(desk, dict) or not isinstance(desk.get("convs"), list) or not desk["convs"]:
        return new_desk()
    out = copy.deepcopy(desk)
    if not isinstance(out.get("note"), dict) or not isinstance(out["note"].get("items"), list):
        out["note"] = {"title": "Briefing note", "items": []}
    if out.get("current") not in {c.get("id") for c in out["convs"]}:
        out["current"] = out["convs"][0]["id"]
    return out


# -- conversations ---------------------------------------------------------------------
def conversation(desk: Desk) -> dict[str, Any]:
    return next(c for c in desk["convs"] if c["id"] == desk["current"])


def history(desk: Desk) -> list[dict[str, str]]:
    """The current conversation as chat messages."""
    out = []
    for t in conversation(desk)["turns"]:
        out += [{"role": "user", "content": t["qhtml"]}, {"role": "assistant", "content": t["html"]}]
    return out


def turns(desk: Desk) -> list[Any]:
    """The current conversation's earlier exchanges as conversation.py reads them (a
    follow-up such as "and what about WG1?" is resolved against them)."""
    from assistant.cite import format_cid
    from assistant.types import Turn

    out = []
    for t in conversation(desk)["turns"]:
        rec = t.get("rec") or {}
        if rec.get("question"):
            cids = tuple(format_cid(c.get("doc_id", ""), c.get("ref", "")) for c in rec.get("citations", ()))
            out.append(Turn(str(rec["question"]), str(rec.get("text", "")), cids))
    return out


def add_turn(desk: Desk, question_html: str, html: str, rec: Mapping[str, Any] | None,
             title: str) -> Desk:
    desk = valid(desk)
    conv = conversation(desk)
    conv["turns"].append({"qhtml": question_html, "html": html, "rec": dict(rec or {})})
    conv["turns"] = conv["turns"][-current().desk.turns_kept:]
    conv["title"] = conv["title"] or title[:80]
    return desk


def start_conversation(desk: Desk) -> Desk:
    desk = valid(desk)
    if not conversation(desk)["turns"]:
        return desk  # the current one is still empty: no second blank entry
    conv = {"id": _id("c"), "title": "", "turns": []}
    desk["convs"] = [conv, *desk["convs"]][:current().desk.conversations_kept]
    desk["current"] = conv["id"]
    return desk


def switch(desk: Desk, conv_id: str) -> Desk:
    desk = valid(desk)
    if conv_id not in {c["id"] for c in desk["convs"]}:
        raise DeskError(f"no conversation {conv_id!r} in this browser")
    desk["current"] = conv_id
    return desk


def conversation_choices(desk: Desk) -> list[tuple[str, str]]:
    return [(f"{c['title'] or 'New conversation'} ({len(c['turns'])})", c["id"])
            for c in desk["convs"]]


# -- the note ------------------------------------------------------------------------
def answer_record(ans: Any, docs: Mapping[str, Any]) -> dict[str, Any]:
    """What pinning needs of an answer: its lines and citations, with each document's symbol."""
    return {"question": ans.question, "answered": bool(ans.answered), "text": ans.text,
            "citations": [quote_record(c.doc_id, c.ref, c.quote, docs) for c in ans.citations]}


def quote_record(doc_id: str, ref: str, quote: str, docs: Mapping[str, Any]) -> dict[str, str]:
    meta = docs.get(doc_id)
    return {"doc_id": doc_id, "ref": ref, "quote": quote,
            "title": getattr(meta, "title", doc_id), "symbol": getattr(meta, "symbol", ""),
            "date": getattr(meta, "date", ""), "meeting": getattr(meta, "meeting", "")}


def note_refs(desk: Desk) -> list[tuple[str, str]]:
    """The (document, ref) of every passage the note quotes, once each, in note order."""
    refs = [(c["doc_id"], c["ref"]) for item in valid(desk)["note"]["items"]
            for q in item.get("quotes", []) for c in q.get("cites", [])]
    return list(dict.fromkeys(refs))


def _push(desk: Desk, item: dict[str, Any]) -> Desk:
    items = desk["note"]["items"]
    if len(items) >= current().desk.note_items:
        raise DeskError(f"the note holds at most {current().desk.note_items} items; remove some first")
    items.append({"id": _id("n"), **item})
    return desk


def pin_answer(desk: Desk, turn: int) -> Desk:
    desk = valid(desk)
    turns = conversation(desk)["turns"]
    if not 0 <= turn < len(turns) or not turns[turn].get("rec"):
        raise DeskError(f"no answer number {turn + 1} in this conversation")
    rec = turns[turn]["rec"]
    lines = rec["text"].splitlines() if rec.get("answered") else []
    frame = "\n".join(line for line in lines if not cite.MARK.search(line))
    quoted = [line for line in lines if cite.MARK.search(line)]
    by_mark = {cite.mark(c["doc_id"], c["ref"]): c for c in rec["citations"]}
    quotes = [{"line": line.removeprefix("- "),
               "cites": [by_mark[m.group(0)] for m in cite.MARK.finditer(line) if m.group(0) in by_mark]}
              for line in quoted]
    return _push(desk, {"kind": "answer", "heading": rec["question"], "text": frame,
                        "quotes": quotes})


def pin_brief(desk: Desk, topic: str, records: list[dict[str, str]]) -> Desk:
    desk = valid(desk)
    if not records:
        raise DeskError("this brief has no passage to pin")
    quotes = [{"line": f"“{r['quote']}” {cite.mark(r['doc_id'], r['ref'])}", "cites": [r]}
              for r in records]
    return _push(desk, {"kind": "brief", "heading": f"Brief: {topic}", "text": "", "quotes": quotes})


def pin_quote(desk: Desk, record: Mapping[str, str], heading: str = "") -> Desk:
    desk = valid(desk)
    line = f"“{record['quote']}” {cite.mark(record['doc_id'], record['ref'])}"
    return _push(desk, {"kind": "citation", "heading": heading or record.get("title", ""),
                        "text": "", "quotes": [{"line": line, "cites": [dict(record)]}]})


def _index(desk: Desk, item_id: str) -> int:
    ids = [i["id"] for i in desk["note"]["items"]]
    if item_id not in ids:
        raise DeskError(f"no note item {item_id!r}")
    return ids.index(item_id)


def edit_text(desk: Desk, item_id: str, text: str) -> Desk:
    desk = valid(desk)
    limit = current().desk.note_text_chars
    desk["note"]["items"][_index(desk, item_id)]["text"] = str(text)[:limit]
    return desk


def move(desk: Desk, item_id: str, step: int) -> Desk:
    desk = valid(desk)
    items = desk["note"]["items"]
    at = _index(desk, item_id)
    to = max(0, min(len(items) - 1, at + step))
    items.insert(to, items.pop(at))
    return desk


def remove(desk: Desk, item_id: str) -> Desk:
    desk = valid(desk)
    desk["note"]["items"].pop(_index(desk, item_id))
    return desk


def rename(desk: Desk, title: str) -> Desk:
    desk = valid(desk)
    desk["note"]["title"] = " ".join(str(title).split())[:200] or "Briefing note"
    return desk


def clear_note(desk: Desk) -> Desk:
    desk = valid(desk)
    desk["note"]["items"] = []
    return desk
