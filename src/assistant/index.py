"""The index: a folder of plainly named files plus a manifest, one generation per build.

    index/CURRENT            name of the generation in use
    index/gen-<n>/manifest.json, docs.json, units.jsonl, vectors.faiss,
                  sentences.json, sentences.npy, report.json

The manifest is written last and records the embedder, its dimension, the
corpus file hashes and a sha256 of every other file; loading refuses a
generation whose manifest does not match what is asked for or whose files do
not match their hashes.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .embed import Embedder
from .ingest import corpus_hashes, ingest, sha256_file
from .textnorm import sentences
from .types import DocMeta, Unit

FORMAT_VERSION = 2
DATA_FILES = ("docs.json", "units.jsonl", "vectors.faiss", "sentences.json", "sentences.npy",
              "report.json")


class IndexProblem(RuntimeError):
    """The index is missing, stale, or damaged; the message says how to rebuild."""


@dataclass
class LoadedIndex:
    path: Path
    manifest: dict[str, Any]
    docs: dict[str, DocMeta]
    units: list[Unit]
    faiss_index: Any
    sent_unit: np.ndarray  # sentence row -> unit row
    sent_text: list[str]
    sent_vecs: np.ndarray
    report: dict[str, Any]


def current_generation(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    gen = index_dir / name
    return gen if name and gen.is_dir() else None


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_faiss(vectors: np.ndarray) -> Any:
    from .ann import build  # flat, HNSW or IVF by size; see ann.py

    return build(vectors)


def build_index(corpus: Path, index_dir: Path, embedder: Embedder,
                log: Callable[[str], None] = lambda s: None) -> LoadedIndex:
    import faiss

    t0 = time.perf_counter()
    hashes = corpus_hashes(corpus)
    result = ingest(corpus, embedder.count_tokens, embedder.max_tokens)
    for skip in result.skipped:
        log(f"skipped {skip['file']}: {skip['reason']} ({skip['detail']})")
    if not result.units:
        raise IndexProblem(f"no document in {corpus} could be read; nothing to index")
    log(f"embedding {len(result.units)} units from {len(result.docs)} documents with {embedder.name}")
    vecs = embedder.embed([u.embed_text() for u in result.units], "passage")
    sent_unit, sent_text = [], []
    for row, u in enumerate(result.units):
        for s in sentences(u.text):
            sent_unit.append(row)
            sent_text.append(s)
    sent_vecs = embedder.embed(sent_text, "passage")
    index_dir.mkdir(parents=True, exist_ok=True)
    gen = index_dir / f"gen-{time.time_ns()}"
    gen.mkdir()
    files: dict[str, bytes] = {
        "docs.json": json.dumps([d.to_dict() for d in result.docs], ensure_ascii=False,
                                indent=1).encode(),
        "units.jsonl": "".join(json.dumps(u.to_dict(), ensure_ascii=False) + "\n"
                               for u in result.units).encode(),
        "vectors.faiss": bytes(faiss.serialize_index(make_faiss(vecs))),
        "sentences.json": json.dumps({"unit": sent_unit, "text": sent_text},
                                     ensure_ascii=False).encode(),
        "sentences.npy": _npy_bytes(sent_vecs),
        "report.json": json.dumps({"documents": result.report, "skipped": result.skipped},
                                  ensure_ascii=False, indent=1).encode(),
    }
    for name, data in files.items():
        _write_atomic(gen / name, data)
    manifest = {
        "format_version": FORMAT_VERSION, "embedder": embedder.name, "dim": embedder.dim,
        "units": len(result.units), "documents": [d.doc_id for d in result.docs],
        "corpus": hashes, "files": {n: sha256_file(gen / n) for n in files},
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"), "build_seconds": round(time.perf_counter() - t0, 2),
    }
    _write_atomic(gen / "manifest.json", json.dumps(manifest, indent=1).encode())
    _fsync_dir(gen)
    previous = current_generation(index_dir)
    _write_atomic(index_dir / "CURRENT", gen.name.encode())
    _fsync_dir(index_dir)
    _prune(index_dir, keep={gen.name, previous.name if previous else ""})
    log(f"index built in {manifest['build_seconds']} s: {gen}")
    return load_generation(gen)


def _npy_bytes(a: np.ndarray) -> bytes:
    import io

    buf = io.BytesIO()
    np.save(buf, np.asarray(a, dtype=np.float32), allow_pickle=False)
    return buf.getvalue()


def _prune(index_dir: Path, keep: set[str]) -> None:
    for p in index_dir.glob("gen-*"):
        if p.is_dir() and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)


def read_manifest(gen: Path) -> dict[str, Any]:
    try:
        data = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise IndexProblem(f"{gen}: manifest unreadable ({e}); run `assistant index` to rebuild") from e
    if not isinstance(data, dict):
        raise IndexProblem(f"{gen}: manifest is not an object; run `assistant index` to rebuild")
    return data


def verify_files(gen: Path, manifest: dict[str, Any]) -> None:
    """Check every file against its hash before any library parses it (a damaged
    FAISS file can crash the process inside read_index)."""
    for name, digest in manifest.get("files", {}).items():
        p = gen / name
        if not p.is_file() or sha256_file(p) != digest:
            raise IndexProblem(f"{gen.name}/{name} is damaged or missing; "
                              "run `assistant index` to rebuild")


def load_generation(gen: Path) -> LoadedIndex:
    import faiss

    from .ann import for_queries

    manifest = read_manifest(gen)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexProblem(f"{gen.name}: index format {manifest.get('format_version')} is not "
                          f"{FORMAT_VERSION}; run `assistant index` to rebuild")
    verify_files(gen, manifest)
    try:
        docs = [DocMeta(**d) for d in json.loads((gen / "docs.json").read_text(encoding="utf-8"))]
        units = [Unit.from_dict(json.loads(line)) for line in
                 (gen / "units.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        fidx = for_queries(faiss.deserialize_index(np.frombuffer((gen / "vectors.faiss").read_bytes(),
                                                                 dtype=np.uint8)))
        sent = json.loads((gen / "sentences.json").read_text(encoding="utf-8"))
        sent_vecs = np.load(gen / "sentences.npy", allow_pickle=False)
        report = json.loads((gen / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError, RuntimeError) as e:
        raise IndexProblem(f"{gen.name}: unreadable ({type(e).__name__}: {e}); "
                          "run `assistant index` to rebuild") from e
    if fidx.ntotal != len(units) or fidx.d != manifest.get("dim"):
        raise IndexProblem(f"{gen.name}: vectors do not match units; run `assistant index`")
    return LoadedIndex(gen, manifest, {d.doc_id: d for d in docs}, units, fidx,
                       np.asarray(sent["unit"], dtype=np.int64), list(sent["text"]), sent_vecs,
                       report)


def staleness(corpus: Path, index_dir: Path, embedder_name: str) -> str:
    """Why the index must be rebuilt, or "" when it is current."""
    gen = current_generation(index_dir)
    if gen is None:
        return "no index yet"
    try:
        manifest = read_manifest(gen)
    except IndexProblem as e:
        return str(e)
    if manifest.get("format_version") != FORMAT_VERSION:
        return "index format changed"
    if manifest.get("embedder") != embedder_name:
        return f"embedder changed ({manifest.get('embedder')} -> {embedder_name})"
    if manifest.get("corpus") != corpus_hashes(corpus):
        return "corpus changed"
    return ""


def ensure_index(corpus: Path, index_dir: Path, embedder: Embedder,
                 log: Callable[[str], None] = lambda s: None) -> LoadedIndex:
    """Load the current index, building or rebuilding it first when needed."""
    why = staleness(corpus, index_dir, embedder.name)
    if why:
        log(f"building the index ({why})")
        return build_index(corpus, index_dir, embedder, log)
    gen = current_generation(index_dir)
    assert gen is not None
    return load_generation(gen)
