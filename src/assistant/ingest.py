"""Ingest: every file of the corpus folder read, given its metadata and cut into units.

One bad file is skipped with a named reason; it never stops the others.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .generations import pause_point
from .metadata import METADATA_FILE, MetadataError, infer_meta, load_metadata, merge_meta
from .readers import ReaderError, ReadResult, sandboxed
from .types import DocMeta, Unit
from .units import DocumentTooLarge, build_units

IGNORED_NAMES = {METADATA_FILE, "README.md", "readme.md", "README.txt", ".gitkeep"}

# A reader runs one file; the default parses it in a child process with a time
# and a memory limit (readers.sandbox); tests may pass read_file to stay in-process.
FileReader = Callable[[Path], ReadResult]


@dataclass
class IngestResult:
    docs: list[DocMeta] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)  # per file: counts, drops
    skipped: list[dict[str, str]] = field(default_factory=list)  # file, reason, detail


def corpus_files(corpus: Path) -> list[Path]:
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    return sorted(p for p in corpus.iterdir()
                  if p.name not in IGNORED_NAMES and not p.name.startswith(".")
                  and (p.is_file() or p.is_symlink()))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def corpus_hashes(corpus: Path) -> dict[str, str]:
    """What the index was built from: every corpus file and the metadata file."""
    out: dict[str, str] = {}
    for p in corpus_files(corpus) + [corpus / METADATA_FILE]:
        if p.is_symlink() and not _inside(p, corpus):  # never read outside the corpus
            out[p.name] = "link:" + os.readlink(p)
        elif p.is_file():
            out[p.name] = sha256_file(p)
    return out


def _inside(path: Path, corpus: Path) -> bool:
    try:
        path.resolve().relative_to(corpus.resolve())
        return True
    except ValueError:
        return False


def _read(path: Path, corpus: Path, reader: FileReader) -> ReadResult | dict[str, str]:
    """One file read, or why it was skipped."""
    if path.is_symlink() and not _inside(path, corpus):
        return {"file": path.name, "reason": "link-outside-corpus",
                "detail": "the link points outside the corpus folder"}
    try:
        read = reader(path)
        pause_point("ingesting")
        return read
    except ReaderError as e:
        return {"file": path.name, "reason": e.reason, "detail": e.detail}


def read_all(corpus: Path, reader: FileReader) -> list[tuple[Path, ReadResult | dict[str, str]]]:
    """Every corpus file read, in name order. Children parse in parallel: each
    one mostly waits for its interpreter to start."""
    paths = corpus_files(corpus)
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return list(zip(paths, pool.map(lambda p: _read(p, corpus, reader), paths), strict=True))


def ingest(corpus: Path, count_tokens: Callable[[str], int], max_tokens: int,
           reader: FileReader | None = None) -> IngestResult:
    reader = reader or sandboxed()
    result = IngestResult()
    try:
        given = load_metadata(corpus)
    except MetadataError as e:
        result.skipped.append({"file": METADATA_FILE, "reason": "bad-metadata", "detail": str(e)})
        given = {}
    seen_ids: set[str] = set()
    for path, read in read_all(corpus, reader):
        if isinstance(read, dict):
            result.skipped.append(read)
            continue
        meta = merge_meta(infer_meta(path.name, read.blocks), given.get(path.name))
        if meta.doc_id in seen_ids:
            result.skipped.append({"file": path.name, "reason": "duplicate-doc-id",
                                   "detail": f"doc_id {meta.doc_id!r} is already used"})
            continue
        try:
            units, rep = build_units(meta.doc_id, read.blocks, count_tokens, max_tokens)
        except DocumentTooLarge as e:  # this document only; the others are indexed
            result.skipped.append({"file": path.name, "reason": "too-many-units", "detail": str(e)})
            continue
        seen_ids.add(meta.doc_id)
        result.docs.append(meta)
        result.units.extend(units)
        result.report[path.name] = {
            "doc_id": meta.doc_id, "format": read.fmt, "encoding": read.encoding,
            "paragraphs_in": rep.paragraphs_in, "units_out": rep.units_out,
            "chars_in": rep.chars_in, "chars_out": rep.chars_out,
            "merged_continuations": rep.merged_continuations, "split_units": rep.split_units,
            "removed_invisible_chars": read.removed_chars,
            "dropped": [{"line": ln, "reason": why, "text": t[:200]} for ln, why, t in rep.dropped],
            "inferred": [{"ref": ref, "why": why} for ref, why in rep.inferred],
        }
    return result
