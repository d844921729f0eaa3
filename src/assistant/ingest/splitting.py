"""Long units cut into parts that keep their ref: first at `limits.unit_chars` characters,
then to the embedder's window in tokens. Both are bounded: a few tokenizer calls a part."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.types import Unit

if TYPE_CHECKING:  # units.py imports this module
    from assistant.ingest.units import UnitReport


def cut_chars(units: list[Unit], limit: int, report: UnitReport) -> list[Unit]:
    """A unit longer than `limits.unit_chars` is cut into parts that keep its ref, so
    the token counting and splitting after it stay bounded."""
    out: list[Unit] = []
    for u in units:
        if len(u.text) <= limit:
            out.append(u)
            continue
        report.split_units += 1
        start = 0
        while start < len(u.text):
            end = start + limit
            if end < len(u.text):  # at a space in the last half of the window, if there is one
                space = u.text.rfind(" ", start + limit // 2, end)
                end = space if space > 0 else end
            out.append(replace(u, text=u.text[start:end].strip()))
            start = end
    return out


def number_parts(units: list[Unit]) -> list[Unit]:
    """Parts of one ref numbered 1, 2, ... in order (keys stay unique)."""
    total: dict[str, int] = {}
    for u in units:
        total[u.ref] = total.get(u.ref, 0) + 1
    seen: dict[str, int] = {}
    out: list[Unit] = []
    for k, u in enumerate(units):
        if total[u.ref] > 1:
            seen[u.ref] = seen.get(u.ref, 0) + 1
            u = replace(u, part=seen[u.ref])
        out.append(replace(u, order=k))
    return out


def split_long(units: list[Unit], count_tokens: Callable[[str], int], max_tokens: int,
               report: UnitReport) -> list[Unit]:
    """Split units longer than the embedder's window into parts that keep the ref."""
    out: list[Unit] = []
    for u in units:
        if count_tokens(u.embed_text()) <= max_tokens:
            out.append(replace(u, order=len(out)))
            continue
        report.split_units += 1
        context = count_tokens(replace(u, text="").embed_text())
        budget = max(48, max_tokens - context - 8)
        for k, piece in enumerate(split_text(u.text, count_tokens, budget), 1):
            out.append(replace(u, text=piece, part=k, order=len(out)))
    return out


_SEPARATORS = (". ", "; ", ", ", " ")


def split_text(text: str, count_tokens: Callable[[str], int], budget: int) -> list[str]:
    """Parts of at most `budget` tokens, cut after a sentence, clause or word. Sized by the
    text's own characters per token, then checked: a few tokenizer calls a part, never
    one per word (a text of millions of short sentences stays linear)."""
    per_token = len(text) / max(1, count_tokens(text))
    window = max(16, int(budget * per_token * 0.9))
    parts: list[str] = []
    start = 0
    while start < len(text):
        end = _cut_point(text, start, start + window)
        while count_tokens(text[start:end]) > budget and end - start > 32:
            end = _cut_point(text, start, start + (end - start) * 3 // 4)
        if piece := text[start:end].strip():
            parts.append(piece)
        start = end
    return parts


def _cut_point(text: str, start: int, end: int) -> int:
    """Where to end a part that may run to `end`: after the last separator in its second
    half; a run without spaces stays whole (the embedder truncates it)."""
    if end >= len(text):
        return len(text)
    for sep in _SEPARATORS:
        k = text.rfind(sep, start + (end - start) // 2, end)
        if k > start:
            return k + len(sep)
    k = text.find(" ", end)
    return len(text) if k < 0 else k + 1
