"""Units: the document's paragraphs turned into citable pieces with their refs.

One unit per numbered paragraph (¶7), lettered or roman item (¶7(c), ¶10(i)),
dash bullet (¶8, bullet 6), panel or section bullet (Panel 1, bullet 3; sub-bullet
Panel 1, bullet 6.2) and unnumbered paragraph (§I, para 2). Refs are assigned here
and nowhere else. A unit too long for the embedder is split into parts that keep
its ref.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant import cite, settings
from assistant.ingest.boundaries import Decision, Piece
from assistant.ingest.inference import body as piece_body
from assistant.ingest.segment import prepare
from assistant.ingest.splitting import cut_chars, number_parts, split_long
from assistant.ingest.splitting import split_text as split_text  # re-exported: tests use it
from assistant.ingest.structure import heading_label, marker
from assistant.textnorm import ends_sentence, sentences
from assistant.types import Block, Unit


class DocumentTooLarge(ValueError):
    """A document cut into more units than `limits.units_per_doc` allows."""

_LABEL_LIKE = re.compile(r"^[^:]{1,40}:\s")


@dataclass
class UnitReport:
    paragraphs_in: int = 0
    units_out: int = 0
    chars_in: int = 0
    chars_out: int = 0
    merged_continuations: int = 0
    split_units: int = 0
    dropped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, reason, text)
    trace: list[tuple[int, str]] = field(default_factory=list)  # (paragraph index, ref)
    decisions: list[Decision] = field(default_factory=list)  # numbered-paragraph boundaries
    inferred: list[tuple[str, str]] = field(default_factory=list)  # (ref, why) numbers restored
    front: str = ""  # the front matter, for the metadata
    cover: list[str] = field(default_factory=list)  # cover lines, for the metadata


def merge_continuations(blocks: list[Block]) -> tuple[list[Block], int]:
    """Join a paragraph that a page break cut off from the one before it."""
    out: list[Block] = []
    merged = 0
    for b in blocks:
        prev = out[-1] if out else None
        if prev is not None and b.kind == "para" and prev.kind in ("para", "bullet") \
                and not getattr(b, "label", "") and marker(b.text).kind == "none" and _continues(prev, b):
            joined = f"{prev.text} {b.text}"
            if isinstance(prev, Piece):
                out[-1] = replace(prev, text=joined, notes=prev.notes + getattr(b, "notes", ()))
            else:
                out[-1] = replace(prev, text=joined)
            merged += 1
            continue
        out.append(b)
    return out, merged


def _continues(prev: Block, b: Block) -> bool:
    if b.text[:1].islower():
        return True
    if ends_sentence(prev.text):
        return False
    if _clause_list(prev.text, b.text):
        return False
    if prev.kind == "bullet":
        return True
    return not (_LABEL_LIKE.match(prev.text) or _LABEL_LIKE.match(b.text))


def _clause_list(prev: str, text: str) -> bool:
    """"Recalling ...," then "Reaffirming ...,": clauses of a list, each whole, not one
    paragraph a page break cut (that would not end in a comma of its own)."""
    return prev.rstrip().endswith(",") and text[:1].isupper() and prev[:1].isupper() \
        and text.rstrip().endswith((",", ";", ".", ":"))


def lead_of(text: str, limit: int = 300) -> str:
    """The lead-in sentence a sub-item is read with (the parent's last sentence); only the
    parent's tail is read, so ten thousand items under one long paragraph stay linear."""
    last = sentences(text[-4 * limit:])[-1]
    if len(last) <= limit:
        return last
    cut = last[-limit:]
    return cut[cut.find(" ") + 1:]


class _Walker:
    """Walks the paragraphs of one document keeping the structural state."""

    def __init__(self, doc_id: str, notes: dict[str, str] | None = None) -> None:
        self.doc_id = doc_id
        self.notes = notes or {}
        self.units: list[Unit] = []
        self.report = UnitReport()
        self.headings: list[str] = []
        self.container = "Preamble"
        self.in_body = False
        self.prev_letter = ""
        self.seq = ""
        self.opener = ""  # "The General Assembly,": the lead-in of the preamble clauses
        self.counts: dict[str, dict[str, int]] = {}
        self.lead_para: dict[str, str] = {}  # container -> its latest paragraph
        self.top_bullet: tuple[str, str] = ("", "")  # (ref, text) of the latest top bullet
        self.label_counts: dict[str, int] = {}
        self.last_para: dict[str, str] = {}  # container -> ref of its latest paragraph
        self.used: set[str] = set()
        self.next_dup: dict[str, int] = {}  # ref -> the next "(n)" to try: linear de-duplication

    def count(self, container: str, what: str) -> int:
        c = self.counts.setdefault(container, {})
        c[what] = c.get(what, 0) + 1
        return c[what]

    def emit(self, i: int, b: Block, ref: str, kind: str, group: str, lead: str = "",
             text: str | None = None) -> str:
        if ref in self.used:  # a malformed list repeating a label: keep refs unique
            n = self.next_dup.get(ref, 2)
            while f"{ref} ({n})" in self.used:
                n += 1
            self.next_dup[ref] = n + 1
            ref = f"{ref} ({n})"
        self.used.add(ref)
        labels = getattr(b, "notes", ())
        notes = tuple(f"{lb}. {self.notes[lb]}" for lb in labels if lb in self.notes)
        self.units.append(Unit(
            doc_id=self.doc_id, ref=ref, text=text if text is not None else b.text,
            order=len(self.units), kind=kind, group=group, lead=lead,
            headings=tuple(self.headings), source_line=b.line, notes=notes))
        self.report.trace.append((i, ref))
        if why := getattr(b, "why", ""):
            if "inferred" in why:
                self.report.inferred.append((ref, why))
        return ref

    def heading(self, i: int, b: Block) -> None:
        hl = heading_label(b.text)
        if getattr(b, "why", "") == "annex heading":
            self.headings, self.container, self.in_body = [b.text], b.text, True
        elif hl.kind == "section":
            self.headings, self.container, self.in_body = [b.text], hl.label, True
        elif hl.kind in ("labelled", "prefixed"):
            label = hl.label
            if hl.kind == "prefixed":
                self.label_counts[label] = self.label_counts.get(label, 0) + 1
                label = f"{label} {self.label_counts[label]}"
            self.headings, self.container, self.in_body = self.headings[:1] + [b.text], label, True
        elif not self.in_body:
            # Titles before the body carry content (a plan's theme): keep them citable.
            if len(b.text.split()) >= 3:
                self.emit(i, b, cite.plain_ref("Preamble", self.count("Preamble", "para")),
                          "title", "Preamble")
            else:
                self.report.dropped.append((b.line, "short heading", b.text))
        else:
            self.headings = self.headings[:1] + [b.text]
        self.top_bullet = ("", "")

    def numbered(self, i: int, b: Piece) -> None:
        if b.seq != self.seq:
            self.seq = b.seq
            self.headings = [b.seq] if not self.headings or self.headings[0] != b.seq else self.headings
        self.prev_letter, self.in_body = "", True
        self.container = (f"{b.seq} " if b.seq else "") + cite.para_ref(b.label)
        text = piece_body(b)
        self.lead_para[self.container] = text
        self.top_bullet = ("", "")
        self.last_para[self.container] = self.emit(i, b, self.container, "paragraph",
                                                   self.container, text=text)

    def paragraph(self, i: int, b: Block) -> None:
        if isinstance(b, Piece) and b.label:
            self.numbered(i, b)
            return
        m = marker(b.text, self.prev_letter) if b.kind == "para" else None
        if m and m.kind in ("letter", "roman"):
            if m.kind == "letter":
                self.prev_letter = m.label
            # Items belong to the paragraph that introduced them (¶9 -> ¶9(d); in an
            # unnumbered section, "§I, para 2" -> "§I, para 2(a)").
            parent = self.last_para.get(self.container, self.container)
            lead = lead_of(self.lead_para.get(self.container, ""))
            self.emit(i, b, cite.item_ref(parent, m.label), "item", parent, lead, text=m.body)
        elif b.kind == "bullet" or (m and m.kind == "bullet"):
            self.bullet(i, b, m.body if m and m.kind == "bullet" else b.text,
                        b.level if b.kind == "bullet" else 0)
        else:
            n = self.count(self.container, "para") + (1 if "¶" in self.container else 0)
            self.lead_para[self.container] = b.text
            self.top_bullet = ("", "")
            lead = self.opener if self.container == "Preamble" else ""
            self.last_para[self.container] = self.emit(i, b, cite.plain_ref(self.container, n),
                                                       "para", self.container, lead)

    def bullet(self, i: int, b: Block, text: str, level: int) -> None:
        top_ref, top_text = self.top_bullet
        if level > 0 and top_ref:
            sub = self.count(top_ref, "sub")
            n = self.counts[self.container]["bullet"]
            self.emit(i, b, cite.bullet_ref(self.container, n, sub), "bullet", top_ref,
                      lead_of(top_text), text=text)
            return
        n = self.count(self.container, "bullet")
        ref = cite.bullet_ref(self.container, n)
        lead = self.lead_para.get(self.container, "")
        self.emit(i, b, ref, "bullet", self.container, lead_of(lead) if lead else "", text=text)
        self.top_bullet = (ref, text)


_NOT_UNITS = {"cover": "cover line", "opener": "body opener", "toc": "table of contents"}


def walk(doc_id: str, blocks: list[Block]) -> tuple[list[Unit], UnitReport]:
    """The units of one document's blocks, before long ones are split."""
    prep = prepare(blocks)
    merged, n_merged = merge_continuations(list(prep.pieces))
    w = _Walker(doc_id, prep.notes)
    w.report.merged_continuations = n_merged
    w.report.decisions, w.report.front = prep.decisions, prep.front
    limit = settings.current().limits.units_per_doc
    for i, b in enumerate(merged):
        if b.kind == "rule":
            continue
        w.report.paragraphs_in += 1
        w.report.chars_in += len(b.text)
        if b.kind in _NOT_UNITS:
            w.report.dropped.append((b.line, _NOT_UNITS[b.kind], b.text))
            if b.kind == "cover":
                w.report.cover.append(b.text)
            if b.kind == "opener":
                w.opener = b.text
        elif b.kind == "heading":
            w.heading(i, b)
        else:
            w.paragraph(i, b)
        if len(w.units) > limit:
            raise DocumentTooLarge(f"{doc_id}: more than {limit} units (limits.units_per_doc)")
    return w.units, w.report


def build_units(doc_id: str, blocks: list[Block], count_tokens: Callable[[str], int],
                max_tokens: int) -> tuple[list[Unit], UnitReport]:
    units, report = walk(doc_id, blocks)
    units = number_parts(split_long(cut_chars(units, settings.current().limits.unit_chars, report),
                                    count_tokens, max_tokens, report))
    report.units_out = len(units)
    report.chars_out = sum(len(u.text) for u in units)
    return units, report
