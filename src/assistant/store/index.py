"""The index: a folder of plainly named files plus a manifest, one generation per build.

    index/CURRENT            name of the generation in use
    index/gen-<n>/manifest.json, docs.json, units.jsonl, vectors.faiss, vectors.npy,
                  sentences.json, sentences.npy, report.json, aliases.json
    index/.lock              held while a build runs

The manifest is written last and records the embedder, its dimension, the
corpus file hashes and a sha256 of every other file (and of itself); loading
refuses a generation whose files do not match, and falls back to the previous
generation with a warning. A build reuses the vectors of unchanged documents.
Building is build.py, loading loading.py; this module decides when an index must be
(re)built and which generation a long-running process answers from.
"""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.corpus import corpus_hashes
from assistant.models.embed import Embedder
from assistant.store.build import build, build_index, make_faiss
from assistant.store.buildwatch import BuildTimeout, Watch
from assistant.store.generations import (
    IndexProblem,
    current_generation,
    hold,
    newer_generation,
    pointer_name,
    read_manifest,
)
from assistant.store.indexlock import IndexBusy, index_lock
from assistant.store.loading import FORMAT_VERSION, LoadedIndex, Log, load_generation, load_index, quiet

__all__ = ["IndexProblem", "IndexBusy", "BuildTimeout", "newer_generation", "ensure_fresh", "hold",
           "LoadedIndex", "build_index", "current_generation",
           "ensure_index", "load_generation", "load_index", "make_faiss", "read_manifest", "staleness"]


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


def ensure_index(corpus: Path, index_dir: Path, embedder: Embedder, log: Log = quiet) -> LoadedIndex:
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
                return build(corpus, index_dir, embedder, log, Watch())
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


def ensure_fresh(index_dir: Path, loaded: LoadedIndex, log: Log = quiet) -> LoadedIndex:
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
