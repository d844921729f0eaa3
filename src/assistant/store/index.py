"""The index: a folder of plainly named files plus a manifest, one generation per build.

    index/CURRENT            name of the generation in use
    index/gen-<n>/manifest.json, docs.json, units.jsonl, vectors.faiss, vectors.npy,
                  sentences.json, sentences.npy, report.json, aliases.json
    index/.lock              held while a build runs

The manifest is written last and records the embedder, its dimension, the
corpus file hashes and a sha256 of every other file (and of itself); loading
refuses a generation whose files do not match, and falls back to the previous
generation with a warning. A build reuses the vectors of unchanged documents.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.ingest.corpus import IngestResult, corpus_hashes, ingest, sha256_file
from assistant.ingest.metadata import check_entry
from assistant.models.embed import Embedder
from assistant.query.aliases import mine as mine_aliases
from assistant.store.buildwatch import BuildTimeout, Progress, Watch
from assistant.store.generations import (
    IndexProblem,
    current_generation,
    fsync_dir,
    generations,
    hold,
    newer_generation,
    npy_bytes,
    pause_point,
    pointer_name,
    prune,
    read_manifest,
    write_atomic,
    write_generation,
)
from assistant.store.incremental import DocVectors, Embedded, embed_units, previous_vectors
from assistant.store.indexlock import IndexBusy, index_lock
from assistant.types import DocMeta, Unit

__all__ = ["IndexProblem", "IndexBusy", "BuildTimeout", "newer_generation", "ensure_fresh", "hold",
           "LoadedIndex", "build_index", "current_generation",
           "ensure_index", "load_generation", "load_index", "make_faiss", "read_manifest", "staleness"]

FORMAT_VERSION = 5  # 5: units carry footnotes (Unit.notes), documents body, issued, evidence
Log = Callable[[str], None]


def _quiet(msg: str) -> None:
    pass


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
    aliases: dict[str, str]  # acronym -> long form, mined at indexing time


def make_faiss(vectors: np.ndarray) -> Any:
    from assistant.store.ann import build  # flat, HNSW or IVF by size; see ann.py

    return build(vectors)


def build_index(corpus: Path, index_dir: Path, embedder: Embedder, log: Log = _quiet,
                lock_timeout: float | None = None, progress: Progress | None = None) -> LoadedIndex:
    """Build a new generation and switch to it; one build at a time per index folder.
    A build past limits.build_seconds raises BuildTimeout, one that cannot write (a full
    disk) IndexProblem; either way CURRENT still names the previous generation."""
    with index_lock(index_dir, lock_timeout, log):
        return _build(corpus, index_dir, embedder, log, Watch(progress) if progress else Watch())


def _build(corpus: Path, index_dir: Path, embedder: Embedder, log: Log, watch: Watch) -> LoadedIndex:
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


def verify_files(gen: Path, manifest: dict[str, Any]) -> None:
    """Check every file against its hash before any library parses it (a damaged
    FAISS file can crash the process inside read_index)."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexProblem(f"{gen.name}: the manifest lists no files; run `assistant index` to rebuild")
    for name, digest in files.items():
        p = gen / name
        if not p.is_file() or sha256_file(p) != digest:
            raise IndexProblem(f"{gen.name}/{name} is damaged or missing; "
                               "run `assistant index` to rebuild")


def load_generation(gen: Path) -> LoadedIndex:
    import faiss

    from assistant.store.ann import for_queries

    manifest = read_manifest(gen)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexProblem(f"{gen.name}: index format {manifest.get('format_version')} is not "
                           f"{FORMAT_VERSION}; run `assistant index` to rebuild")
    verify_files(gen, manifest)
    try:
        docs = [_doc(d) for d in json.loads((gen / "docs.json").read_text(encoding="utf-8"))]
        units = [Unit.from_dict(json.loads(line)) for line in
                 (gen / "units.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        fidx = for_queries(faiss.deserialize_index(np.frombuffer((gen / "vectors.faiss").read_bytes(),
                                                                 dtype=np.uint8)))
        sent = json.loads((gen / "sentences.json").read_text(encoding="utf-8"))
        sent_vecs = np.load(gen / "sentences.npy", allow_pickle=False)
        report = json.loads((gen / "report.json").read_text(encoding="utf-8"))
        sent_unit = np.asarray(sent["unit"], dtype=np.int64)
        aliases = json.loads((gen / "aliases.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError, RuntimeError) as e:
        raise IndexProblem(f"{gen.name}: unreadable ({type(e).__name__}: {e}); "
                           "run `assistant index` to rebuild") from e
    dim = manifest.get("dim")
    if fidx.ntotal != len(units) or fidx.d != dim or sent_vecs.shape != (len(sent_unit), dim) \
            or len(sent["text"]) != len(sent_unit) or (len(sent_unit) and sent_unit.max() >= len(units)):
        raise IndexProblem(f"{gen.name}: vectors do not match units; run `assistant index` to rebuild")
    return LoadedIndex(gen, manifest, {d.doc_id: d for d in docs}, units, fidx, sent_unit,
                       list(sent["text"]), sent_vecs, report,
                       {str(k): str(v) for k, v in aliases.items()})


def _doc(d: Any) -> DocMeta:
    """One docs.json entry, its fields checked: a generation an older version built from a
    list-valued title loaded, then failed every answer with a TypeError."""
    fields, problems = check_entry(str(d.get("source", "?")) if isinstance(d, dict) else "?", d)
    if problems or "doc_id" not in fields:
        raise ValueError(f"docs.json: {'; '.join(problems) or 'an entry has no doc_id'}")
    return DocMeta(**{**d, **fields})


def load_index(index_dir: Path, log: Log = _quiet) -> LoadedIndex:
    """The current generation, or the newest older one that is intact (with a
    warning) when the current one is damaged; IndexProblem when none is usable."""
    problems: list[str] = []
    gen = current_generation(index_dir)
    if gen is not None:
        try:
            return load_generation(gen)
        except IndexProblem as e:
            problems.append(str(e))
        older = [g for g in generations(index_dir) if int(g.name[4:]) < int(gen.name[4:])]
    else:
        if pointer_name(index_dir) is not None:
            problems.append("the CURRENT pointer is damaged")
        older = generations(index_dir)
    for cand in older:
        try:
            idx = load_generation(cand)
        except IndexProblem as e:
            problems.append(str(e))
            continue
        if problems:
            log(f"warning: {problems[0]}; using the generation {cand.name} "
                f"(built {idx.manifest.get('created', '?')}) instead. Run `assistant index` to rebuild.")
        return idx
    if not problems:
        raise IndexProblem(f"no index in {index_dir} yet; run `assistant index` to build it")
    raise IndexProblem(f"no usable index in {index_dir}: {'; '.join(problems)}")


def staleness(corpus: Path, index_dir: Path, embedder_name: str) -> str:
    """Why the index must be rebuilt, or "" when it is current."""
    gen = current_generation(index_dir)
    if gen is None:
        return "no index yet" if pointer_name(index_dir) is None else "the CURRENT pointer is damaged"
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


def ensure_index(corpus: Path, index_dir: Path, embedder: Embedder, log: Log = _quiet) -> LoadedIndex:
    """Load the current index, building or rebuilding it first when needed. When a rebuild
    fails (a bad file the readers cannot name, a full disk, the time limit, another build
    holding the lock) and a good generation exists, that one is served with a warning."""
    why = staleness(corpus, index_dir, embedder.name)
    if not why:
        return load_index(index_dir, log)
    try:
        with index_lock(index_dir, None, log):
            why = staleness(corpus, index_dir, embedder.name)  # another process may have built it
            if why:
                log(f"building the index ({why})")
                return _build(corpus, index_dir, embedder, log, Watch())
    except Exception as e:  # noqa: BLE001 -- any failed rebuild: the last good index still answers
        return _last_good(index_dir, embedder, e, log)
    return load_index(index_dir, log)


def _last_good(index_dir: Path, embedder: Embedder, failure: Exception, log: Log) -> LoadedIndex:
    try:
        idx = load_index(index_dir, log)
    except IndexProblem:
        raise failure from None
    if idx.manifest.get("embedder") != embedder.name:
        raise failure  # vectors of another model cannot answer this one's questions
    log(f"warning: the index could not be rebuilt ({type(failure).__name__}: {failure}); "
        f"answering from the previous generation {idx.path.name} "
        f"(built {idx.manifest.get('created', '?')}), which does not reflect the latest corpus")
    return idx


def ensure_fresh(index_dir: Path, loaded: LoadedIndex, log: Log = _quiet) -> LoadedIndex:
    """For a long-running server, between requests: the generation to answer from now.
    A newer one (built by another process) is loaded and held (generations.hold) so no build
    prunes it; `loaded` is kept when none is newer or the newer one cannot be loaded (with a
    warning). Never builds. The caller holds its first generation with hold()."""
    gen = newer_generation(index_dir, loaded.path)
    if gen is None:
        return loaded
    try:
        new = load_generation(gen)
    except IndexProblem as e:
        log(f"warning: {e}; still answering from {loaded.path.name}")
        return loaded
    hold(index_dir, gen)
    return new
