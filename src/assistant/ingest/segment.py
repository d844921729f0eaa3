"""From a reader's blocks to the pieces units are cut from: front matter, footnote
texts and cover lines set aside, footnote calls taken off the text, numbered
paragraphs found by boundaries.py, and paragraph numbers lost in extraction
restored where the sequence makes them certain (inference.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.ingest import footnotes
from assistant.ingest.boundaries import CALL, Decision, Piece, split_numbered
from assistant.ingest.inference import infer_lost_numbers
from assistant.ingest.layout import cover_kind, is_opener, is_section_label
from assistant.textnorm import fold_spaces
from assistant.types import Block


@dataclass
class Prepared:
    pieces: list[Piece]
    notes: dict[str, str] = field(default_factory=dict)
    front: str = ""
    decisions: list[Decision] = field(default_factory=list)


def prepare(blocks: list[Block]) -> Prepared:
    res = Prepared([])
    defs: list[tuple[str, str]] = []
    pieces: list[Piece] = []
    for b in blocks:
        if b.kind == "front":
            res.front += b.text + "\n"
        elif b.kind in ("para", "footnote") and (d := footnotes.definition(b.text)):
            defs.append(d)
        else:
            pieces.append(Piece(b.text, b.kind, b.level, b.line))
    res.notes = footnotes.collect(defs)
    calls = footnotes.CallReader(set(res.notes))
    pieces = [replace(p, text=calls.strip(p.text)[0]) if p.kind in ("para", "heading", "bullet") else p
              for p in pieces]
    pieces = _mark_cover(pieces)
    pieces = split_numbered(pieces, res.decisions)
    pieces = _join_section_labels(pieces)
    pieces = infer_lost_numbers(pieces, res.decisions)
    res.pieces = [_settle_calls(p) for p in pieces if p.text.strip() or p.kind == "rule"]
    return res


def _mark_cover(pieces: list[Piece]) -> list[Piece]:
    """Cover lines and the body opener are set apart (never units)."""
    out: list[Piece] = []
    opened = False
    for i, p in enumerate(pieces):
        if p.kind in ("para", "heading") and (kind := cover_kind(p.text)):
            out.append(replace(p, kind="cover", why=f"cover line: {kind}"))
        elif p.kind == "para" and not opened and is_opener(p.text) and i + 1 < len(pieces) \
                and pieces[i + 1].kind == "para" and pieces[i + 1].text[:1].isupper():
            # one per document: the clauses after it end in commas too
            out.append(replace(p, kind="opener", why="body opener: the lead-in of the clauses after it"))
            opened = True
        else:
            out.append(p)
    return out


def _join_section_labels(pieces: list[Piece]) -> list[Piece]:
    """"I." on its own line, then its title: one heading "I. Global context ..."."""
    out: list[Piece] = []
    for p in pieces:
        if out and out[-1].kind == "para" and is_section_label(out[-1].text) and not out[-1].label \
                and p.kind in ("heading", "para") and not p.label:
            out[-1] = replace(out[-1], text=f"{out[-1].text} {p.text}", kind="heading",
                              why="section number and its title")
            continue
        out.append(p)
    return out


_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[,.;:])")


def _settle_calls(p: Piece) -> Piece:
    labels = tuple(CALL.findall(p.text))
    if not labels and "\ue000" not in p.text:
        return p
    text = fold_spaces(CALL.sub("", p.text))
    return replace(p, text=_SPACE_BEFORE_PUNCT.sub("", text), notes=p.notes + labels)
