"""`assistant bench`: run the selected measurements, print a table, write JSON."""

from __future__ import annotations

import json
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PARTS = ("cold", "build", "warm", "search", "embed", "load")
DEFAULT_PARTS = ("cold", "build", "warm", "search", "embed")
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)


@dataclass
class BenchConfig:
    corpus: Path
    index_dir: Path
    embedder: str
    questions: Path
    out_dir: Path = Path("bench/reports")
    cache: Path = Path("bench/cache")
    parts: tuple[str, ...] = DEFAULT_PARTS
    sizes: tuple[int, ...] = DEFAULT_SIZES
    ann: str | None = None  # force "flat", "hnsw" or "ivf" for the synthetic sizes
    repeats: int = 5
    users: int = 20
    seconds: float = 120
    url: str | None = None
    client: str = "http"
    think: float = 0.0
    big_every: int = 0  # load test: every N-th request of each user is an oversized question
    big_chars: int = 1_000_000
    embed_backends: list[dict[str, Any]] = field(default_factory=list)


def _anchors(cfg: BenchConfig) -> tuple[Path, Path]:
    """Files of real passage and question embeddings from the benchmarked model."""
    from assistant.evaluation.perf.realcorpus import questions
    from assistant.evaluation.perf.vectors import real_passages, real_queries
    from assistant.models.embed import get_embedder

    emb = get_embedder(cfg.embedder)
    return (real_passages(cfg.corpus, emb, cfg.cache),
            real_queries(questions(cfg.questions), emb, cfg.cache))


def _search(cfg: BenchConfig, build: dict[str, Any] | None) -> dict[str, Any]:
    from assistant.evaluation.perf.search import run_size_in_child

    anchors, queries = _anchors(cfg)
    rows = []
    for n in cfg.sizes:
        row = run_size_in_child(n, anchors, queries, cfg.ann)
        if build and build.get("units_per_s"):  # embedding dominates a real build
            row["estimated_full_build_s"] = round(n / build["units_per_s"] + row["build_s"], 1)
        rows.append(row)
    import numpy as np

    return {"real_passages": int(np.load(anchors, mmap_mode="r").shape[0]), "anchors_file": str(anchors),
            "sizes": rows}


def default_embed_backends(embedder: str) -> list[dict[str, Any]]:
    from assistant.models.embed import available

    rows = [{"embedder": "minilm", "env": {"ASSISTANT_TORCH_THREADS": str(t)}, "family": "minilm"}
            for t in (1, 2)]
    rows += [{"embedder": name, "env": {}, "family": "minilm"} for name in available()
             if name.startswith("minilm-onnx")]
    rows += [{"embedder": name, "env": {}, "family": "e5-small"} for name in ("e5-small", "e5-small-onnx")]
    if embedder not in {r["embedder"] for r in rows}:
        rows.append({"embedder": embedder, "env": {}, "family": embedder})
    return rows


def run(cfg: BenchConfig, log: Any = print) -> dict[str, Any]:
    from assistant.evaluation.perf import child, coldstart, embedspeed, load, realcorpus

    res: dict[str, Any] = {"embedder": cfg.embedder, "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
                           "machine": {"python": platform.python_version(), "cpus": _cpus()}}
    common: dict[str, Any] = {"corpus": str(cfg.corpus), "embedder": cfg.embedder}
    if "build" in cfg.parts:
        log("bench: building the real corpus index ...")
        res["build"] = child.run("assistant.evaluation.perf.realcorpus:build", **common)
    if "cold" in cfg.parts:
        log("bench: cold start ...")
        res["cold"] = coldstart.cold_start(cfg.corpus, cfg.index_dir, cfg.embedder, cfg.repeats)
    if "warm" in cfg.parts:
        log("bench: warm answers ...")
        res["warm"] = child.run("assistant.evaluation.perf.realcorpus:warm", index_dir=str(cfg.index_dir),
                                questions_file=str(cfg.questions), **common)
    if "search" in cfg.parts:
        log(f"bench: search at {', '.join(map(str, cfg.sizes))} units ...")
        res["search"] = _search(cfg, res.get("build"))
    if "embed" in cfg.parts:
        log("bench: embedding throughput ...")
        res["embed"] = embedspeed.compare(cfg.embed_backends or default_embed_backends(cfg.embedder),
                                          str(cfg.corpus), cfg.cache)
    if "load" in cfg.parts:
        log(f"bench: load test, {cfg.users} users for {cfg.seconds:g} s ...")
        res["load"] = load.load_test(realcorpus.questions(cfg.questions), cfg.users, cfg.seconds, cfg.url,
                                     cfg.corpus, cfg.index_dir, cfg.embedder, cfg.think, cfg.client,
                                     load.Mix(cfg.big_every, cfg.big_chars))
    return res


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def write(res: dict[str, Any], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")
    return path
