"""Document metadata: the corpus's metadata file, or what a document's first page says."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .types import Block, DocMeta

METADATA_FILE = "metadata.json"


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


def infer_meta(source: str, blocks: list[Block]) -> DocMeta:
    """What the document says about itself (docinfo.py), each field with its evidence."""
    from .docinfo import infer

    return infer(source, blocks, slug(Path(source).stem))


def merge_meta(inferred: DocMeta, given: dict[str, Any] | None) -> DocMeta:
    """The metadata file overrides whatever was inferred, field by field."""
    if not given:
        return inferred
    fields = inferred.to_dict()
    for k, v in given.items():
        if k in fields and v is not None:  # an explicit "" means "none", not "guess"
            fields[k] = v
    return DocMeta(**fields)
