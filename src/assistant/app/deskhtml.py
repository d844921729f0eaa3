"""HTML for the desk: the note editor, the source picker, the answer's scope line and
the whole-document view. Pure string building; every document or user text is escaped,
so nothing a document holds (images, tags, scripts) is ever rendered as markup.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from assistant import cite
from assistant.app.webhtml import notes_html, with_chips

if TYPE_CHECKING:
    from assistant.app.service import Assistant
    from assistant.types import DocMeta, Unit


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


# -- the note -------------------------------------------------------------------------
def _tool(act: str, item: str, label: str, title: str) -> str:
    return (f'<button type="button" class="note-tool" data-act="{act}" data-item="{_attr(item)}" '
            f'title="{title}">{label}</button>')


def _item_html(item: Mapping[str, Any], at: int, n: int) -> str:
    iid = str(item.get("id", ""))
    tools = (_tool("note-up", iid, "↑", "Move up") if at else "") + \
        (_tool("note-down", iid, "↓", "Move down") if at < n - 1 else "") + \
        _tool("note-remove", iid, "Remove", "Remove from the note")
    quotes = "".join(f"<li>{with_chips(str(q.get('line', '')))}</li>" for q in item.get("quotes", []))
    return (f'<div class="note-item" data-item="{_attr(iid)}" data-kind="{_attr(item.get("kind", ""))}">'
            f'<div class="item-head"><b>{escape(str(item.get("heading", "")))}</b>'
            f'<span class="item-tools">{tools}</span></div>'
            f'<textarea class="item-text" data-item="{_attr(iid)}" rows="2" '
            f'placeholder="Your text (the quotes below stay as the documents say them)">'
            f'{escape(str(item.get("text", "")))}</textarea>'
            f'<ul class="item-quotes">{quotes}</ul></div>')


def note_html(note: Mapping[str, Any]) -> str:
    """The note editor; `data-saved` changes whenever the server holds a different note."""
    items = list(note.get("items", []))
    saved = hashlib.sha1(json.dumps(note, sort_keys=True, default=str).encode()).hexdigest()[:12]
    title = (f'<label class="note-title-row">Note title <input class="note-title" type="text" '
             f'value="{_attr(note.get("title", "Briefing note"))}" maxlength="200"></label>')
    if not items:
        return (f'<div class="note-editor empty" data-saved="{saved}">{title}<p class="note-empty">'
                "The note is empty: pin an answer (its “Pin answer” button), a passage "
                "(“Pin this passage” in the Source panel) or a brief.</p></div>")
    body = "".join(_item_html(it, i, len(items)) for i, it in enumerate(items))
    return f'<div class="note-editor" data-saved="{saved}">{title}{body}</div>'


# -- sources ----------------------------------------------------------------------------
def by_meeting(docs: Sequence[DocMeta]) -> list[tuple[str, list[DocMeta]]]:
    """Documents grouped by meeting, newest meeting first, in title order within one."""
    groups: dict[str, list[DocMeta]] = {}
    for d in docs:
        groups.setdefault(d.meeting or "Other documents", []).append(d)
    order = sorted(groups.items(), key=lambda kv: -max((d.year or 0) for d in kv[1]))
    return [(m, sorted(ds, key=lambda d: d.title)) for m, ds in order]


def sources_html(docs: Sequence[DocMeta], chosen: Sequence[str] | None) -> str:
    picked = set(chosen) if chosen else {d.doc_id for d in docs}
    parts = ['<div class="sources"><div class="src-tools">'
             '<button type="button" data-src="all">All</button>'
             '<button type="button" data-src="none">None</button></div>']
    for meeting, group in by_meeting(docs):
        rows = "".join(
            f'<label class="src"><input type="checkbox" value="{_attr(d.doc_id)}"'
            f'{" checked" if d.doc_id in picked else ""}> <span>{escape(d.title)}</span>'
            f'<span class="src-year">{escape(str(d.year or ""))}</span></label>' for d in group)
        parts.append(f'<fieldset><legend>{escape(meeting)}</legend>{rows}</fieldset>')
    return "".join(parts) + "</div>"


def scope_line(docs: Mapping[str, DocMeta], chosen: Sequence[str] | None) -> str:
    """The answer's first line: which documents were searched."""
    if not chosen or set(chosen) >= set(docs):
        return f'<p class="scope">Searched all {len(docs)} documents</p>'
    names = "; ".join(escape(docs[d].title) for d in chosen if d in docs)
    return f'<p class="scope">Searched {len(chosen)} of {len(docs)} documents: {names}</p>'


# -- the whole document -------------------------------------------------------------------
def anchor(doc_id: str, ref: str) -> str:
    return "u-" + hashlib.sha1(cite.format_cid(doc_id, ref).encode()).hexdigest()[:12]


def find_ref(units: Sequence[Unit], wanted: str) -> str:
    """The first unit's ref that `wanted` names ("8", "¶8", "¶9(d)", "Panel 2"), or ""."""
    q = " ".join(wanted.split())
    if not q:
        return ""
    q = f"¶{q}" if q[0].isdigit() else q
    for test in (lambda r: r == q, lambda r: cite.within(r, q), lambda r: r.lower().startswith(q.lower())):
        hit = next((u.ref for u in units if test(u.ref)), "")
        if hit:
            return hit
    return ""


def _facts(meta: DocMeta, n_paragraphs: int) -> str:
    facts = [("Meeting", meta.meeting), ("Place", meta.place), ("Document dated", meta.date),
             ("Issued", meta.issued if meta.issued != meta.date else ""), ("Body", meta.body),
             ("Symbol", meta.symbol), ("Language", meta.language), ("Kind", meta.kind),
             ("Paragraphs", str(n_paragraphs)), ("File", meta.source)]
    return "".join(f"<dt>{k}</dt><dd>{escape(v)}</dd>" for k, v in facts if v)


def paragraphs(units: Sequence[Unit]) -> int:
    """Numbered paragraphs (and panels) of a document: the containers its units cite."""
    return len({cite.container_of(u.ref) for u in units})


def document_html(assistant: Assistant, doc_id: str, focus: str = "") -> str:
    """Every unit of a document in order, labelled as it is cited, under its headings."""
    meta = assistant.index.docs.get(doc_id)
    if meta is None:
        return '<div class="docview empty">Choose a document to read.</div>'
    units = sorted((u for u in assistant.index.units if u.doc_id == doc_id),
                   key=lambda u: (u.order, u.part))
    out: list[str] = []
    shown: tuple[str, ...] = ()
    for u in units:
        if u.headings != shown:
            new = [h for i, h in enumerate(u.headings) if i >= len(shown) or shown[i] != h]
            level = len(u.headings) - len(new)
            out += [f'<div class="doc-h h{min(level + i, 3)}">{escape(h)}</div>' for i, h in enumerate(new)]
            shown = u.headings
        cls = "doc-unit focus" if focus and u.ref == focus else "doc-unit"
        out.append(f'<div class="{cls}" id="{anchor(doc_id, u.ref)}" data-ref="{_attr(u.ref)}">'
                   f'<span class="ref-label">{escape(u.ref)}</span> {escape(u.text)}{notes_html(u)}</div>')
    return (f'<div class="docview" data-doc="{_attr(doc_id)}" data-focus="{_attr(focus)}">'
            f"<h3>{escape(meta.title)}</h3><dl class=\"doc-facts\">{_facts(meta, paragraphs(units))}</dl>"
            f"{''.join(out)}</div>")
