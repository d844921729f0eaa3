"""YAML ("---") or TOML ("+++") front matter at the top of a text file.

It describes the document (symbol, title, date); it is never the document's own
words, so readers hand it on as one "front" block that feeds the metadata and is
never a unit.
"""

from __future__ import annotations

import re

_MAX_LINES = 200  # front matter is a handful of fields; an unclosed fence is not front matter
_YAML_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_TOML_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*$")


def split_front_matter(lines: list[str]) -> int:
    """How many leading lines are front matter (0 when there is none)."""
    first = next((i for i, ln in enumerate(lines[:5]) if ln.strip()), None)
    if first is None or lines[first].strip() not in ("---", "+++"):
        return 0
    fence = lines[first].strip()
    for i in range(first + 1, min(len(lines), first + _MAX_LINES)):
        if lines[i].strip() == fence:
            return i + 1
    return 0


def parse_fields(raw: str) -> dict[str, str]:
    """Flat `key: value` (YAML) or `key = "value"` (TOML) fields; nested values are skipped."""
    out: dict[str, str] = {}
    for line in raw.splitlines():
        if line.strip() in ("---", "+++") or line[:1].isspace():
            continue
        m = _YAML_FIELD.match(line) or _TOML_FIELD.match(line)
        if m and m.group(2):
            out[m.group(1).lower()] = _unquote(m.group(2))
    return out


def _unquote(value: str) -> str:
    v = value.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        v = v[1:-1]
    return v.replace('\\"', '"').strip()
