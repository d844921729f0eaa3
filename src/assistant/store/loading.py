"""Loading one generation of the index, every file checked against the manifest's hash
first, and the current one or, when it is damaged, the newest intact older one."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.ingest.corpus import sha256_file
from assistant.ingest.metadata import check_entry
from assistant.store.generations import (
    IndexProblem,
    current_generation,
    generations,
    pointer_name,
    read_manifest,
)
from assistant.types import DocMeta, Unit

FORMAT_VERSION = 5  # 5: units carry footnotes (Unit.notes), documents body, issued, evidence
Log = Callable[[str], None]


def quiet(msg: str) -> None:
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


def load_index(index_dir: Path, log: Log = quiet) -> LoadedIndex:
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
