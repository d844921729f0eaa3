"""Figures on the real corpus: index build throughput and memory, warm answer latency.

Both run in a child process (see child.py) so the build's peak memory and the
warm process's thread settings are their own.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.evaluation.perf.search import peak_rss_mb, percentile


def questions(path: Path) -> list[str]:
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def build(corpus: str, embedder: str) -> dict[str, Any]:
    """Build a fresh index of the corpus into a temporary folder; units/s counts index units."""
    from assistant.models.embed import get_embedder
    from assistant.store.index import build_index

    t0 = time.perf_counter()
    emb = get_embedder(embedder)
    load_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t1 = time.perf_counter()
        idx = build_index(Path(corpus), Path(tmp) / "index", emb)
        build_s = time.perf_counter() - t1
    units, sents = len(idx.units), len(idx.sent_text)
    return {"embedder": embedder, "units": units, "sentences": sents, "model_load_s": round(load_s, 2),
            "build_s": round(build_s, 2), "units_per_s": round(units / build_s, 1),
            "texts_embedded_per_s": round((units + sents) / build_s, 1),
            "peak_rss_mb": round(peak_rss_mb())}


def warm(corpus: str, index_dir: str, embedder: str, questions_file: str, k: int = 8,
         warmup: int = 3) -> dict[str, Any]:
    """Per-question latency of ask() on an open assistant, split into query embedding and the rest."""
    from assistant.app.service import open_assistant

    a = open_assistant(Path(corpus), Path(index_dir), embedder, quiet=True)
    qs = questions(Path(questions_file))
    for q in qs[:warmup]:
        a.ask(q, k)
    total, embed = [], []
    for q in qs:
        t0 = time.perf_counter()
        a.retriever.embedder.embed([q], "query")
        t1 = time.perf_counter()
        a.ask(q, k)
        t2 = time.perf_counter()
        embed.append((t1 - t0) * 1000)
        total.append((t2 - t1) * 1000)
    return {"embedder": embedder, "questions": len(qs), "units": len(a.index.units),
            "answer_ms_p50": round(statistics.median(total), 1),
            "answer_ms_p95": round(percentile(total, 95), 1),
            "query_embed_ms_p50": round(statistics.median(embed), 1),
            "query_embed_ms_p95": round(percentile(embed, 95), 1),
            "peak_rss_mb": round(peak_rss_mb())}
