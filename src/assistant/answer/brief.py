"""Briefing notes: every relevant cited unit on a topic, and answers pinned to a note.

A `Brief` gathers, for one topic, the units that search ranks above a relevance
cut plus the units the answer cites, grouped by document (and so by meeting) and
kept in document order. A `Note` is what a user pins while working: answers and
briefs, exported to Markdown or DOCX with one numbered References section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import cite
from assistant.query import lang
from assistant.settings import current
from assistant.types import Answer, Citation, Unit

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from assistant.app.service import Assistant



@dataclass(frozen=True)
class BriefGroup:
    """The cited units of one document, in document order."""

    doc_id: str
    title: str
    meeting: str
    date: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Brief:
    topic: str
    groups: tuple[BriefGroup, ...]
    answer: Answer | None = None

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for g in self.groups for c in g.citations)


Section = Answer | Brief


@dataclass
class Note:
    """A briefing note: pinned answers and briefs, in the order they were pinned."""

    title: str = "Briefing note"
    sections: list[Section] = field(default_factory=list)

    def pin(self, item: Section) -> None:
        self.sections.append(item)

    def references(self) -> list[Citation]:
        return references(self.sections)


# -- compiling ------------------------------------------------------------------
def compile_brief(assistant: Assistant, topic: str, k: int = 12,
                  doc_ids: Sequence[str] | None = None) -> Brief:
    """Every unit relevant to `topic` across the documents, grouped by document: the topic
    answers' retrieval (topic.relevant), in every language, at most `k` paragraphs."""
    from . import topic as topics

    topic = topic.strip()
    answer = assistant.ask(topic, min(k, 8), doc_ids)
    res = assistant.search(topic, max(k, current().broad.depth), doc_ids)
    # nothing when the documents do not answer the topic (the answer's own decision)
    picked = topics.points_of(assistant.retriever, res)[:k] if res.hits and answer.answered else []
    return Brief(topic, _group(assistant, picked), answer)


def _unit_for(assistant: Assistant, doc_id: str, ref: str) -> Unit | None:
    return next((u for u in assistant.index.units if u.doc_id == doc_id and u.ref == ref), None)


def _group(assistant: Assistant, picked: Iterable[tuple[Unit, str]]) -> tuple[BriefGroup, ...]:
    by_doc: dict[str, list[tuple[Unit, str]]] = {}
    for unit, quote in picked:
        by_doc.setdefault(unit.doc_id, []).append((unit, quote))
    groups = []
    for doc_id, meta in assistant.index.docs.items():
        items = sorted(by_doc.get(doc_id, []), key=lambda p: (p[0].order, p[0].part))
        if not items:
            continue
        cites = tuple(cite.citation_for(i, u, meta, q) for i, (u, q) in enumerate(items, 1))
        groups.append(BriefGroup(doc_id, meta.title, meta.meeting, meta.date, cites))
    return tuple(groups)


# -- references -----------------------------------------------------------------
def references(sections: Sequence[Section]) -> list[Citation]:
    """All citations of the sections, once each, numbered 1..n in order of first use."""
    seen: set[tuple[str, str]] = set()
    out: list[Citation] = []
    for item in sections:
        for c in item.citations:
            if (c.cid, c.quote) not in seen:
                seen.add((c.cid, c.quote))
                out.append(replace(c, n=len(out) + 1))
    return out


def _sections(item: Note | Brief | Answer) -> tuple[str, list[Section]]:
    if isinstance(item, Note):
        return item.title, list(item.sections)
    return "Briefing note", [item]


def _where(meeting: str, date: str) -> str:
    return ", ".join(p for p in (meeting, date) if p)


# -- Markdown -------------------------------------------------------------------
def _md_answer(ans: Answer) -> list[str]:
    out = [f"## Q: {ans.question}", ""]
    if not ans.answered:
        out += ["> **Not found.** " + lang.say("not_found", ans.language), ""]
        out += [f"- {cite.mark(u.doc_id, u.ref)} {u.text}" for u in ans.related]
        return out + [""]
    for line in ans.text.splitlines():
        out += [line] if line.startswith("- ") else ["", line, ""]
    return out + [""]


def _md_brief(b: Brief) -> list[str]:
    out = [f"## Brief: {b.topic}", ""]
    if not b.groups:
        return out + ["_Nothing in these documents meets the relevance cut for this topic._", ""]
    for g in b.groups:
        out += [f"### {g.title}", f"_{_where(g.meeting, g.date)}_" if g.meeting else "", ""]
        out += [f"- “{c.quote}” {cite.mark(c.doc_id, c.ref)}" for c in g.citations]
        out.append("")
    return out


def _beside(c: Citation, symbols: Mapping[str, str]) -> str:
    """The document's symbol and date, written beside a reference."""
    return cite.beside(symbols.get(c.doc_id, ""), c.date)


def to_markdown(item: Note | Brief | Answer, symbols: Mapping[str, str] | None = None) -> str:
    """The note (or one brief or answer) as Markdown, with a References section giving each
    document's symbol (`symbols`: doc_id -> symbol) and date beside each reference."""
    title, sections = _sections(item)
    out = [f"# {title}", ""]
    for s in sections:
        out += _md_answer(s) if isinstance(s, Answer) else _md_brief(s)
    refs = references(sections)
    if refs:
        out += ["## References", ""]
        beside = [_beside(c, symbols or {}) for c in refs]
        out += [f"- {cite.render_reference(c)}" + (f" ({b})" if b else "") for c, b in zip(refs, beside,
                                                                                        strict=True)]
    text = "\n".join(out).strip()
    return re.sub(r"\n{3,}", "\n\n", text) + "\n"


# -- DOCX -----------------------------------------------------------------------
def _bullet(d: DocxDocument, text: str) -> None:
    d.add_paragraph(text, style="List Bullet")


def _docx_answer(d: DocxDocument, ans: Answer) -> None:
    d.add_heading(f"Q: {ans.question}", level=1)
    if not ans.answered:
        d.add_paragraph().add_run(lang.say("not_found", ans.language)).bold = True
        for u in ans.related:
            _bullet(d, f"{u.text} {cite.mark(u.doc_id, u.ref)}")
        return
    for line in ans.text.splitlines():
        if line.startswith("- "):
            _bullet(d, line[2:])
        else:
            d.add_paragraph(line)


def _docx_brief(d: DocxDocument, b: Brief) -> None:
    d.add_heading(f"Brief: {b.topic}", level=1)
    if not b.groups:
        d.add_paragraph("Nothing in these documents meets the relevance cut for this topic.")
    for g in b.groups:
        d.add_heading(g.title, level=2)
        if g.meeting:
            d.add_paragraph().add_run(_where(g.meeting, g.date)).italic = True
        for c in g.citations:
            _bullet(d, f"“{c.quote}” {cite.mark(c.doc_id, c.ref)}")


REFERENCE_COLUMNS = ("#", "Document", "Symbol", "Date", "Meeting", "Ref", "Quote")


def _docx_references(d: DocxDocument, refs: list[Citation], symbols: Mapping[str, str]) -> None:
    d.add_heading("References", level=1)
    table = d.add_table(rows=1, cols=len(REFERENCE_COLUMNS))
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, REFERENCE_COLUMNS, strict=True):
        cell.text = head
    for c in refs:
        values = (str(c.n), f"{c.doc_title} ({c.doc_id})", symbols.get(c.doc_id, ""), c.date,
                  c.meeting, c.ref, f"“{c.quote}”")
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value


def to_docx(item: Note | Brief | Answer, path: str | Path,
            symbols: Mapping[str, str] | None = None) -> Path:
    """Write the note (or one brief or answer) as a Word document on A4 paper, each reference
    with its document's symbol and date; returns the path."""
    import docx

    title, sections = _sections(item)
    from assistant.answer.noteexport import a4

    d = docx.Document()
    a4(d)
    d.add_heading(title, level=0)
    for s in sections:
        if isinstance(s, Answer):
            _docx_answer(d, s)
        else:
            _docx_brief(d, s)
    refs = references(sections)
    if refs:
        _docx_references(d, refs, symbols or {})
    path = Path(path)
    d.save(str(path))
    return path

