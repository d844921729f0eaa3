"""Building a generation: ingest the corpus, embed the units (reusing the vectors of
unchanged documents), write the files and the manifest, then switch CURRENT to it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.ingest.corpus import IngestResult, corpus_hashes, ingest
from assistant.models.embed import Embedder
from assistant.query.aliases import mine as mine_aliases
from assistant.store.buildwatch import Progress, Watch
from assistant.store.generations import (
    IndexProblem,
    current_generation,
    fsync_dir,
    npy_bytes,
    pause_point,
    prune,
    write_atomic,
    write_generation,
)
from assistant.store.incremental import DocVectors, Embedded, embed_units, previous_vectors
from assistant.store.indexlock import index_lock
from assistant.store.loading import FORMAT_VERSION, LoadedIndex, Log, load_generation, quiet


def make_faiss(vectors: np.ndarray) -> Any:
    from assistant.store.ann import build  # flat, HNSW or IVF by size; see ann.py

    return build(vectors)


def build_index(corpus: Path, index_dir: Path, embedder: Embedder, log: Log = quiet,
                lock_timeout: float | None = None, progress: Progress | None = None) -> LoadedIndex:
    """Build a new generation and switch to it; one build at a time per index folder.
    A build past limits.build_seconds raises BuildTimeout, one that cannot write (a full
    disk) IndexProblem; either way CURRENT still names the previous generation."""
    with index_lock(index_dir, lock_timeout, log):
        return build(corpus, index_dir, embedder, log, Watch(progress) if progress else Watch())


def build(corpus: Path, index_dir: Path, embedder: Embedder, log: Log, watch: Watch) -> LoadedIndex:
    t0 = time.perf_counter()
    pause_point("locked")
    hashes = corpus_hashes(corpus)
    result = ingest(corpus, embedder.count_tokens, embedder.max_tokens, hashes=hashes, watch=watch)
    pause_point("ingested")
    for skip in result.skipped:
        log(f"skipped {skip['file']}: {skip['reason']} ({skip['detail']})")
    if not result.units:
        raise IndexProblem(f"no document in {corpus} could be read; nothing to index")
    doc_sha = {d.doc_id: hashes.get(d.source, "") for d in result.docs}
    emb = embed_units(result.units, doc_sha, _previous(index_dir, embedder, log), embedder, watch.tick)
    log(f"embedded {len(result.units)} units of {len(result.docs)} documents with {embedder.name} "
        f"({len(emb.embedded_docs)} embedded, {len(emb.reused_docs)} reused unchanged)")
    pause_point("embedded")
    gen = _write_generation(index_dir, result, emb, {
        "format_version": FORMAT_VERSION, "embedder": embedder.name, "dim": embedder.dim,
        "units": len(result.units), "documents": [d.doc_id for d in result.docs],
        "corpus": hashes, "doc_files": doc_sha, "embedded_documents": list(emb.embedded_docs),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "build_seconds": round(time.perf_counter() - t0, 2)})
    pause_point("before-switch")
    previous = current_generation(index_dir)
    try:
        write_atomic(index_dir / "CURRENT", gen.name.encode())
        fsync_dir(index_dir)
    except OSError as e:  # the pointer is replaced atomically or not at all
        raise IndexProblem(f"could not switch {index_dir}/CURRENT to {gen.name} ({e.strerror or e}); "
                           "the previous generation is kept") from e
    prune(index_dir, keep={gen.name, previous.name if previous else ""})
    log(f"index built in {round(time.perf_counter() - t0, 2)} s: {gen}")
    return load_generation(gen)


def _write_generation(index_dir: Path, result: IngestResult, emb: Embedded,
                      manifest: dict[str, Any]) -> Path:
    import faiss

    files: dict[str, bytes] = {
        "docs.json": json.dumps([d.to_dict() for d in result.docs], ensure_ascii=False,
                                indent=1).encode(),
        "units.jsonl": "".join(json.dumps(u.to_dict(), ensure_ascii=False) + "\n"
                               for u in result.units).encode(),
        "vectors.faiss": bytes(faiss.serialize_index(make_faiss(emb.unit_vecs))),
        "vectors.npy": npy_bytes(emb.unit_vecs),  # exact vectors, reused by the next build
        "sentences.json": json.dumps({"unit": emb.sent_unit, "text": emb.sent_text},
                                     ensure_ascii=False).encode(),
        "sentences.npy": npy_bytes(emb.sent_vecs),
        "report.json": json.dumps({"documents": result.report, "skipped": result.skipped},
                                  ensure_ascii=False, indent=1).encode(),
        "aliases.json": json.dumps(mine_aliases(t for u in result.units for t in (*u.headings, u.text)),
                                   ensure_ascii=False, indent=1).encode(),
    }
    return write_generation(index_dir, files, manifest)


def _previous(index_dir: Path, embedder: Embedder, log: Log) -> dict[str, DocVectors]:
    """The current generation's vectors by document file hash, when they can be trusted."""
    gen = current_generation(index_dir)
    if gen is None:
        return {}
    try:
        old = load_generation(gen)
        if old.manifest.get("embedder") != embedder.name or old.manifest.get("dim") != embedder.dim:
            return {}
        unit_vecs = np.load(gen / "vectors.npy", allow_pickle=False)
        if unit_vecs.shape != (len(old.units), embedder.dim):
            raise ValueError("vectors.npy does not match the units")
    except (IndexProblem, OSError, ValueError) as e:
        log(f"not reusing vectors from {gen.name} ({e}); embedding every document")
        return {}
    return previous_vectors(old.units, unit_vecs, old.sent_unit, old.sent_text, old.sent_vecs,
                            old.manifest.get("doc_files", {}))
