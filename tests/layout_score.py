"""Scoring units against the hand-written expectations in tests/expected/."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.unitview import units_of

EXPECTED = Path(__file__).resolve().parent / "expected"
_ROOT = Path(__file__).resolve().parent.parent
# ../shared from the main checkout; a worktree sits one level deeper
EXTRA = next((p / "shared" / "corpus-extra" for p in (_ROOT.parent, _ROOT.parent.parent)
              if (p / "shared" / "corpus-extra").is_dir()), _ROOT.parent / "shared" / "corpus-extra")


def expected(name: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (EXPECTED / f"{Path(name).stem}.tsv").read_text(encoding="utf-8").splitlines():
        ref, first, last = (line.split("\t") + ["", ""])[:3]
        rows.append((ref, first, last))
    return rows


def score(path: Path) -> tuple[int, int, list[str]]:
    """(right, expected, what is wrong): a ref is right when exactly one unit has it and
    its text starts and ends with the expected words."""
    units, _ = units_of(path)
    by_ref: dict[str, list[str]] = {}
    for u in units:
        by_ref.setdefault(u.ref, []).append(u.text)
    wrong = []
    rows = expected(path.name)
    for ref, first, last in rows:
        texts = by_ref.get(ref, [])
        if len(texts) != 1:
            wrong.append(f"{ref}: {len(texts)} units")
        elif not texts[0].startswith(first) or not texts[0].endswith(last):
            wrong.append(f"{ref}: {texts[0][:60]!r} ... {texts[0][-40:]!r}")
    return len(rows) - len(wrong), len(rows), wrong
