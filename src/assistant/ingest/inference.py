"""Paragraph numbers lost in extraction, restored only where the sequence makes them
certain: a gap N-1 -> N+1 with exactly one candidate start between them, or an
unnumbered paragraph of the same shape right after the last paragraph of a list
that was still running (it ended in ";"). Each restored number says so (`why`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from assistant.ingest.boundaries import Decision, Piece, first_word
from assistant.textnorm import TERMINAL

_MARK = re.compile(r"^\d{1,5}[.)]\s+")


def body(p: Piece) -> str:
    return _MARK.sub("", p.text, count=1) if p.label and _MARK.match(p.text) else p.text


def _openers(pieces: list[Piece]) -> dict[str, str]:
    by_seq: dict[str, Counter[str]] = {}
    for p in pieces:
        if p.label:
            by_seq.setdefault(p.seq, Counter())[first_word(body(p))] += 1
    out = {}
    for seq, c in by_seq.items():
        word, n = c.most_common(1)[0]
        if sum(c.values()) >= 3 and n >= 0.6 * sum(c.values()) and word:
            out[seq] = word
    return out


def infer_lost_numbers(pieces: list[Piece], decisions: list[Decision]) -> list[Piece]:
    openers = _openers(pieces)
    out = list(pieces)
    labelled = [i for i, p in enumerate(out) if p.label]
    for a, b in reversed(list(zip(labelled, labelled[1:], strict=False))):
        pa, pb = out[a], out[b]
        if pa.seq == pb.seq and int(pb.label) == int(pa.label) + 2:
            out[a:b] = _fill_gap(out[a:b], str(int(pa.label) + 1), openers.get(pa.seq, ""), decisions)
    _lost_letters(out, decisions)
    return _end_of_list(out, decisions)


_ITEM_END = (";", ",", "; and", "; or")


def _lost_letters(out: list[Piece], decisions: list[Decision]) -> None:
    """A paragraph ending in ':' followed by unmarked paragraphs ending in ';': its items
    lost their letters. Reported; the letters are not invented (they stay paragraphs)."""
    from assistant.ingest.structure import marker

    for i, p in enumerate(out):
        if not p.label or not p.text.rstrip().endswith(":"):
            continue
        run = 0
        for q in out[i + 1:]:
            if q.kind != "para" or q.label or marker(q.text).kind != "none":
                break
            run += 1
            if not q.text.rstrip().endswith(_ITEM_END):
                break
        if run >= 2:
            decisions.append(Decision(p.line, p.label, 0.0, False, [
                f"{run} items after {p.label} have no letters (lost in extraction?): "
                "kept as paragraphs, letters not invented"], p.text[-40:]))


def _fill_gap(span: list[Piece], label: str, opener: str, decisions: list[Decision]) -> list[Piece]:
    cands: list[tuple[int, int]] = []  # (piece in span, offset)
    for j, p in enumerate(span):
        if p.kind != "para":
            continue
        if j and not p.label and p.text[:1].isupper() and span[j - 1].text.rstrip().endswith(TERMINAL):
            cands.append((j, 0))
        if opener:
            text = body(p) if j == 0 else p.text
            shift = len(p.text) - len(text)
            for m in re.finditer(rf"(?:(?<=[^\W\d_]\s)|(?<=[,;:]\s)){re.escape(opener)}\b", text):
                if m.start() > 0:
                    cands.append((j, m.start() + shift))
    line = span[0].line
    if len(cands) != 1:
        decisions.append(Decision(line, label, 0.0, False, [f"number {label} missing: {len(cands)} "
                                                          "candidate starts, not inferred"], ""))
        return span
    j, off = cands[0]
    why = f"number {label} inferred: the only start between {int(label) - 1} and {int(label) + 1}"
    decisions.append(Decision(span[j].line, label, 0.0, True, [why], span[j].text[off:off + 40]))
    p = span[j]
    new = replace(p, text=p.text[off:].strip(), label=label, seq=span[0].seq, why=why)
    if off == 0:
        return span[:j] + [new] + span[j + 1:]
    return span[:j] + [replace(p, text=p.text[:off].rstrip()), new] + span[j + 1:]


def _end_of_list(out: list[Piece], decisions: list[Decision]) -> list[Piece]:
    """"1. Endorses ...;" then "Expresses ..." and the list ends: that is paragraph 2."""
    for i in range(len(out) - 1):
        p, q = out[i], out[i + 1]
        after = out[i + 2] if i + 2 < len(out) else None
        if not p.label or q.label or q.kind != "para" or not p.text.rstrip().endswith(";"):
            continue
        if after is not None and after.kind in ("para", "bullet") and not after.label:
            continue  # the list goes on unnumbered: not certain
        if any(o.label and o.seq == p.seq and int(o.label) > int(p.label) for o in out[i + 1:]):
            continue
        fp, fq = first_word(body(p)), first_word(q.text)
        if fq[:1].isupper() and len(fp) > 3 and fp[-2:].lower() == fq[-2:].lower():
            label = str(int(p.label) + 1)
            why = (f"number {label} inferred: same shape as {p.label} ('{fp}'/'{fq}') "
                   f"after a list ending in ';'")
            decisions.append(Decision(q.line, label, 0.0, True, [why], q.text[:40]))
            out[i + 1] = replace(q, label=label, seq=p.seq, why=why)
    return out
