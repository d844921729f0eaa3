"""`assistant units FILE`: each unit's ref and first words, and why the boundaries fell
where they did (numbered-paragraph candidates with their scores, restored numbers,
cover lines and front matter set aside)."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.metadata import infer_meta
from assistant.ingest.readers import read_file
from assistant.ingest.units import UnitReport, walk
from assistant.types import Unit


def units_of(path: Path) -> tuple[list[Unit], UnitReport]:
    blocks = read_file(path).blocks
    meta = infer_meta(path.name, blocks)
    return walk(meta.doc_id, blocks)


def render(path: Path, words: int = 10, decisions: bool = True) -> str:
    units, rep = units_of(path)
    inferred = dict(rep.inferred)
    lines = [f"{path.name}: {len(units)} units"]
    for u in units:
        flag = "  [number inferred]" if u.ref in inferred else ""
        notes = f"  [notes: {len(u.notes)}]" if u.notes else ""
        lines.append(f"{u.ref}\t{' '.join(u.text.split()[:words])}{flag}{notes}")
    if decisions:
        lines.append("")
        lines.append("boundaries (line, number, score, decision: reasons | context):")
        for d in rep.decisions:
            verdict = "split" if d.accepted else "kept"
            ctx = " ".join(d.context.split())
            lines.append(f"  {d.line}\t{d.label}\t{d.score:+.1f}\t{verdict}: {'; '.join(d.reasons)}"
                         f" | {ctx}")
        for ref, why in rep.inferred:
            lines.append(f"  {ref}: {why}")
        for line, why, text in rep.dropped:
            lines.append(f"  line {line} not a unit ({why}): {' '.join(text.split()[:words])}")
    return "\n".join(lines)
