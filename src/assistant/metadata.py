"""Document metadata: the corpus's metadata file, or what a document's first page says."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .types import Block, DocMeta

METADATA_FILE = "metadata.json"

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
_SYMBOL = re.compile(r"\b(?:CIMT|CIDI|OEA/Ser\.[A-Z])[\w./-]*/[\w./-]+")
_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.I)
_DATE_US = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?,\s+(\d{4})\b",
                      re.I)
_ES = {"el", "la", "los", "las", "de", "del", "y", "que", "en", "para", "trabajo"}
_FR = {"le", "la", "les", "des", "du", "et", "que", "pour", "travail", "dans"}
_PT = {"o", "os", "as", "do", "da", "dos", "e", "que", "para", "trabalho", "em"}
_EN = {"the", "of", "and", "to", "in", "for", "on", "labor", "work", "with"}


class MetadataError(ValueError):
    """The metadata file is not valid JSON or not of the expected shape."""


def load_metadata(corpus: Path) -> dict[str, dict[str, Any]]:
    path = corpus / METADATA_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise MetadataError(f"{path}: not valid JSON ({e})") from e
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, dict):
        raise MetadataError(f"{path}: expected {{\"documents\": {{file name: {{...}}}}}}")
    return docs


def slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s if "-" in s else f"doc-{s or 'x'}"


def guess_language(text: str) -> str:
    ws = re.findall(r"[a-záéíóúâêôãõçàèùëïü]+", text.lower())
    scores = {lang: sum(1 for w in ws if w in vocab)
              for lang, vocab in (("en", _EN), ("es", _ES), ("fr", _FR), ("pt", _PT))}
    return max(scores, key=lambda k: scores[k]) if any(scores.values()) else "en"


def _first_date(text: str) -> tuple[str, int | None]:
    found: list[tuple[int, str, int]] = []
    if m := _DATE.search(text):
        found.append((m.start(), f"{m.group(3)}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}",
                      int(m.group(3))))
    if m := _DATE_US.search(text):
        found.append((m.start(), f"{m.group(3)}-{_MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}",
                      int(m.group(3))))
    if not found:
        return "", None
    _, iso, year = min(found)
    return iso, year


def infer_meta(source: str, blocks: list[Block]) -> DocMeta:
    """Title, symbol, date and language read from the first page of a document."""
    first = [b.text for b in blocks[:25]]
    head = "\n".join(first)
    title = next((t for b, t in zip(blocks, first, strict=False)
                  if b.kind == "heading" and len(t.split()) >= 3), "")
    title = title or next((t for t in first if len(t.split()) >= 3), Path(source).stem)
    symbol = _SYMBOL.search(head)
    date, year = _first_date(head)
    return DocMeta(doc_id=slug(Path(source).stem), title=title[:200], source=source,
                   symbol=symbol.group(0) if symbol else "", date=date, year=year,
                   language=guess_language(" ".join(b.text for b in blocks[:60])))


def merge_meta(inferred: DocMeta, given: dict[str, Any] | None) -> DocMeta:
    """The metadata file overrides whatever was inferred, field by field."""
    if not given:
        return inferred
    fields = inferred.to_dict()
    for k, v in given.items():
        if k in fields and v is not None:  # an explicit "" means "none", not "guess"
            fields[k] = v
    return DocMeta(**fields)
