"""Document metadata: the corpus's metadata file, or what a document's first page says."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

from assistant.types import Block, DocMeta

METADATA_FILE = "metadata.json"


class MetadataError(ValueError):
    """The metadata file is not valid JSON or not of the expected shape."""


def load_metadata(corpus: Path) -> dict[str, dict[str, Any]]:
    """The metadata file's entries, each checked (check_entry); a bad file raises MetadataError."""
    path = corpus / METADATA_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as e:  # not JSON, not UTF-8, too deep, unreadable
        raise MetadataError(f"{path}: not valid JSON ({type(e).__name__}: {str(e)[:200]})") from e
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, dict):
        raise MetadataError(f"{path}: expected {{\"documents\": {{file name: {{...}}}}}}")
    return docs


# What each field of an entry may hold; anything else is dropped with a named problem
# (a list as a title indexed fine, then failed every answer that rendered it).
_FIELD_TYPES: dict[str, tuple[type, ...]] = {f.name: (str,) for f in fields(DocMeta)}
_FIELD_TYPES["year"] = (int, type(None))
_FIELD_TYPES["evidence"] = (dict,)  # field -> the text it was read from, all strings
_ID = re.compile(r"^[a-z0-9][a-z0-9._]*-[a-z0-9._-]+$")  # what cite.MARK reads back


def check_entry(name: str, entry: Any) -> tuple[dict[str, Any], list[str]]:
    """The usable fields of one metadata entry, and why each other one was dropped."""
    if not isinstance(entry, dict):
        return {}, [f"the entry for {name} is a {type(entry).__name__}, not an object"]
    good: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in entry.items():
        kinds = _FIELD_TYPES.get(key)
        if kinds is None or key == "source":
            continue  # notes of the corpus's own; the file name is the key, not a field
        if value is not None and (not isinstance(value, kinds) or isinstance(value, bool)):
            problems.append(f"{key} is a {type(value).__name__}, not a {kinds[0].__name__}")
        elif isinstance(value, dict) and not all(isinstance(x, str) for kv in value.items() for x in kv):
            problems.append("evidence must map field names to the text they were read from")
        elif key == "doc_id" and not _ID.match(str(value or "")):
            problems.append(f"doc_id {value!r} is not lower-case letters, digits and a dash")
        else:
            good[key] = value
    return good, problems


def slug(name: str) -> str:
    """An id from a file name; a name with no Latin letter or digit gets one from its hash,
    so two such files never share `doc-x`."""
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not s:
        return "doc-" + hashlib.sha1(name.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return s if "-" in s else f"doc-{s}"


def infer_meta(source: str, blocks: list[Block]) -> DocMeta:
    """What the document says about itself (docinfo.py), each field with its evidence."""
    from assistant.ingest.docinfo import infer

    return infer(source, blocks, slug(Path(source).stem))


def merge_meta(inferred: DocMeta, given: dict[str, Any] | None) -> DocMeta:
    """The metadata file overrides whatever was inferred, field by field (only the fields
    check_entry accepts: a malformed entry never reaches DocMeta)."""
    if not given:
        return inferred
    known = inferred.to_dict()
    usable, _ = check_entry(inferred.source, given)
    for k, v in usable.items():
        if k in known and v is not None:  # an explicit "" means "none", not "guess"
            known[k] = v
    return DocMeta(**known)
