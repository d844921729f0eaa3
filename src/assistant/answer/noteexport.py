"""The desk's note (a JSON-able dict, see desk.py) as Markdown and as a Word document:
the delegate's text, the quoted lines verbatim with their citation marks, and one
References list giving each document's symbol and date beside each reference.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import cite

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


A4 = (210, 297)  # millimetres: the paper size of the organisation's documents


def note_references(note: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every cited passage of the note once, in order of first use."""
    seen: dict[tuple[str, str, str], dict[str, str]] = {}
    for item in note.get("items", []):
        for q in item.get("quotes", []):
            for c in q.get("cites", []):
                seen.setdefault((c["doc_id"], c["ref"], c["quote"]), c)
    return list(seen.values())


def reference_line(c: Mapping[str, str]) -> str:
    """One reference with its document's symbol and date beside it."""
    doc = c.get("title") or c["doc_id"]
    beside = cite.beside(c.get("symbol", ""), c.get("date", ""))
    where = f" — {c['meeting']}" if c.get("meeting") else ""
    return (f"{cite.format_cid(c['doc_id'], c['ref'])} — {doc}" + (f" ({beside})" if beside else "")
            + f"{where}: “{c['quote']}”")


def note_markdown(note: Mapping[str, Any]) -> str:
    out = [f"# {note.get('title') or 'Briefing note'}", ""]
    for item in note.get("items", []):
        out += [f"## {item.get('heading', '')}", ""]
        if item.get("text"):
            out += [str(item["text"]).strip(), ""]
        out += [f"- {q['line']}" for q in item.get("quotes", [])] + [""]
    refs = note_references(note)
    if refs:
        out += ["## References", ""] + [f"{i}. {reference_line(c)}" for i, c in enumerate(refs, 1)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out).strip()) + "\n"


def a4(d: DocxDocument) -> None:
    from docx.shared import Mm

    for section in d.sections:
        section.page_width, section.page_height = Mm(A4[0]), Mm(A4[1])


def note_docx(note: Mapping[str, Any], path: str | Path) -> Path:
    """The note as a Word document on A4 paper, with a numbered References list."""
    import docx

    d = docx.Document()
    a4(d)
    d.add_heading(str(note.get("title") or "Briefing note"), level=0)
    for item in note.get("items", []):
        d.add_heading(str(item.get("heading", "")), level=1)
        for para in str(item.get("text", "")).split("\n"):
            if para.strip():
                d.add_paragraph(para.strip())
        for q in item.get("quotes", []):
            d.add_paragraph(q["line"], style="List Bullet")
    refs = note_references(note)
    if refs:
        d.add_heading("References", level=1)
        for i, c in enumerate(refs, 1):
            d.add_paragraph(f"[{i}] {reference_line(c)}")
    path = Path(path)
    d.save(str(path))
    return path
