"""Ingest: every file of the corpus folder read, given its metadata and cut into units.

One bad file is skipped with a named reason; it never stops the others.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.ingest.metadata import (
    METADATA_FILE,
    MetadataError,
    check_entry,
    infer_meta,
    load_metadata,
    merge_meta,
)
from assistant.ingest.readers import ReaderError, ReadResult, open_regular, printable, sandboxed
from assistant.ingest.units import DocumentTooLarge, build_units
from assistant.store.buildwatch import Watch
from assistant.store.generations import pause_point
from assistant.types import DocMeta, Unit

TIMED_OUT = "build-timeout"
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
    """Every entry of the corpus folder that may be a document (sub-folders are not read)."""
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    return sorted(p for p in corpus.iterdir()
                  if p.name not in IGNORED_NAMES and not p.name.startswith(".")
                  and (p.is_symlink() or not p.is_dir()))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open_regular(path) as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def entry_problem(path: Path, corpus: Path) -> dict[str, str] | None:
    """Why a corpus entry cannot be read at all, from its name and its stat alone."""
    name = printable(path.name)
    if name != path.name:
        return _skip(name, "bad-file-name", "the file name is not valid UTF-8; rename the file")
    try:
        mode = path.stat().st_mode  # follows a link; a loop or a dangling link raises
    except (OSError, RuntimeError) as e:
        why = "link-loop" if isinstance(e, RuntimeError) or e.errno == errno.ELOOP else \
            "broken-link" if path.is_symlink() and e.errno == errno.ENOENT else "unreadable"
        return _skip(name, why, f"{type(e).__name__}: {e}")
    if path.is_symlink() and not _inside(path, corpus):
        return _skip(name, "link-outside-corpus", "the link points outside the corpus folder")
    if not stat.S_ISREG(mode):
        return _skip(name, "not-a-regular-file", "a FIFO, socket, device or folder, not a document")
    return None


def _skip(name: str, reason: str, detail: str) -> dict[str, str]:
    return {"file": name, "reason": reason, "detail": detail}


def corpus_hashes(corpus: Path) -> dict[str, str]:
    """What the index was built from: every corpus file and the metadata file. An entry
    that cannot be read is recorded by what it is, never opened."""
    out: dict[str, str] = {}
    for p in corpus_files(corpus) + [corpus / METADATA_FILE]:
        problem = entry_problem(p, corpus)
        if problem is None:
            try:
                out[p.name] = sha256_file(p)
            except OSError as e:
                out[p.name] = f"unreadable:{e.errno}"
        elif p.is_symlink():
            out[p.name] = "link:" + os.readlink(p)
        elif p.exists() or p.name != METADATA_FILE:
            out[p.name] = problem["reason"]
    return out


def _inside(path: Path, corpus: Path) -> bool:
    try:
        path.resolve().relative_to(corpus.resolve())
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return False


def _read(path: Path, corpus: Path, reader: FileReader, watch: Watch) -> ReadResult | dict[str, str]:
    """One file read, or why it was skipped."""
    if watch.over():  # the others are cancelled cheaply; ingest raises once they are done
        return _skip(printable(path.name), TIMED_OUT, "the build ran out of time before this file")
    problem = entry_problem(path, corpus)
    if problem is not None:
        return problem
    try:
        read = reader(path)
        pause_point("ingesting")
        return read
    except ReaderError as e:
        return _skip(path.name, e.reason, e.detail)


def read_all(corpus: Path, reader: FileReader,
             watch: Watch | None = None) -> list[tuple[Path, ReadResult | dict[str, str]]]:
    """Every corpus file read, in name order. Children parse in parallel: each
    one mostly waits for its interpreter to start."""
    watch = watch or Watch()
    paths = corpus_files(corpus)
    done = [0]

    def one(p: Path) -> ReadResult | dict[str, str]:
        out = _read(p, corpus, reader, watch)
        done[0] += 1
        watch.progress("reading", done[0], len(paths))
        return out

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return list(zip(paths, pool.map(one, paths), strict=True))


def _given(corpus: Path, result: IngestResult) -> dict[str, dict[str, Any]]:
    """The metadata entries; a bad file or field is reported, and the documents are still
    indexed with what their first page says."""
    try:
        given = load_metadata(corpus)
    except MetadataError as e:
        result.skipped.append(_skip(METADATA_FILE, "bad-metadata", str(e)))
        return {}
    usable = {}
    for name, entry in given.items():
        fields, problems = check_entry(name, entry)
        usable[name] = fields
        result.skipped += [_skip(METADATA_FILE, "bad-metadata-entry", f"{printable(name)}: {p}")
                           for p in problems]
    return usable


def ingest(corpus: Path, count_tokens: Callable[[str], int], max_tokens: int,
           reader: FileReader | None = None, hashes: dict[str, str] | None = None,
           watch: Watch | None = None) -> IngestResult:
    """Read, describe and cut every corpus file. `hashes` (corpus_hashes) lets the same
    content under two names be indexed once."""
    reader, watch = reader or sandboxed(), watch or Watch()
    result = IngestResult()
    given = _given(corpus, result)
    seen_ids: set[str] = set()
    seen_content: dict[str, str] = {}
    reads = read_all(corpus, reader, watch)
    watch.check("reading the files")
    for no, (path, read) in enumerate(reads, 1):
        if isinstance(read, dict):
            result.skipped.append(read)
            continue
        meta = merge_meta(infer_meta(path.name, read.blocks), given.get(path.name))
        digest = (hashes or {}).get(path.name, "")
        if digest in seen_content:
            result.skipped.append(_skip(path.name, "duplicate-content",
                                        f"the same bytes as {seen_content[digest]}"))
            continue
        if meta.doc_id in seen_ids:
            result.skipped.append(_skip(path.name, "duplicate-doc-id",
                                        f"doc_id {meta.doc_id!r} is already used"))
            continue
        try:
            units, rep = build_units(meta.doc_id, read.blocks, count_tokens, max_tokens)
        except DocumentTooLarge as e:  # this document only; the others are indexed
            result.skipped.append({"file": path.name, "reason": "too-many-units", "detail": str(e)})
            continue
        seen_ids.add(meta.doc_id)
        if digest:
            seen_content[digest] = path.name
        result.docs.append(meta)
        result.units.extend(units)
        result.report[path.name] = _report(meta, read, rep)
        watch.tick("units", no, len(reads))
    return result


def _report(meta: DocMeta, read: ReadResult, rep: Any) -> dict[str, Any]:
    return {
        "doc_id": meta.doc_id, "format": read.fmt, "encoding": read.encoding,
        "paragraphs_in": rep.paragraphs_in, "units_out": rep.units_out,
        "chars_in": rep.chars_in, "chars_out": rep.chars_out,
        "merged_continuations": rep.merged_continuations, "split_units": rep.split_units,
        "removed_invisible_chars": read.removed_chars,
        "dropped": [{"line": ln, "reason": why, "text": t[:200]} for ln, why, t in rep.dropped],
        "inferred": [{"ref": ref, "why": why} for ref, why in rep.inferred],
    }
