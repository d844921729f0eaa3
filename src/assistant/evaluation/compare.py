"""Side by side on the evaluation set: the naive pipeline a user would build
instead, and this assistant with its parts switched on one at a time.

The peer: LangChain's RecursiveCharacterTextSplitter (1000 characters, 200
overlap) over the raw files, all-MiniLM-L6-v2, an exact FAISS index, the top 4
chunks as its citations (the top 5 shown as sources on broad questions). On point
questions a chunk counts as finding a paragraph when it contains the paragraph's
opening words, so both systems are scored against the same gold paragraph
references. On broad questions (compare_broad) a source covers a gold paragraph
when its text holds the gold span (evaluate.holds, the probes resolve_spans uses
to find the units holding it), for the chunks and the assistant's units alike.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant.app.service import DEFAULT_RERANKER, usable_reranker
from assistant.evaluation import evalbroad
from assistant.evaluation.evaluate import Question, _matches, holds
from assistant.ingest.corpus import corpus_files
from assistant.settings import current
from assistant.textnorm import words
from assistant.types import Unit

Covered = list[tuple[str, str]]  # (doc_id, ref) pairs an item of a ranking covers


@dataclass(frozen=True)
class Outcome:
    ranking: list[Covered]  # ranked items, each covering some units
    cited: list[Covered]  # what the answer cites
    answered: bool
    ms: float


def opening(text: str, n: int = 8) -> str:
    return " ".join(words(text)[:n])


class Peer:
    """The tutorial pipeline, built from the raw corpus files."""

    def __init__(self, corpus: Path, units: Sequence[Unit], embedder: Any) -> None:
        import faiss
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        self.embedder = embedder
        self.chunks: list[str] = []
        self.files: list[str] = []  # the file each chunk was cut from
        for path in corpus_files(corpus):
            if path.suffix.lower() in {".txt", ".md"}:
                cut = splitter.split_text(path.read_text(encoding="utf-8", errors="replace"))
                self.chunks += cut
                self.files += [path.name] * len(cut)
        self.covers: list[Covered] = []
        for chunk in self.chunks:
            flat = " ".join(words(chunk))
            self.covers.append([(u.doc_id, u.ref) for u in units if opening(u.text) in flat])
        vecs = embedder.embed(self.chunks, "passage")
        self.index = faiss.IndexFlatIP(vecs.shape[1])
        self.index.add(vecs)

    def top(self, question: str, k: int) -> list[int]:
        """The k nearest chunks, best first."""
        _, rows = self.index.search(self.embedder.embed([question], "query"), k)
        return [int(r) for r in rows[0] if r >= 0]

    def ask(self, question: str) -> Outcome:
        t0 = time.perf_counter()
        ranking = [self.covers[r] for r in self.top(question, 10)]
        cited = ranking[:current().evaluation.peer_sources_point]
        return Outcome(ranking, cited, True, (time.perf_counter() - t0) * 1000)

    def broad(self, q: evalbroad.BroadQuestion) -> evalbroad.Outcome:
        """Its top chunks as the sources of a broad answer (it never refuses)."""
        t0 = time.perf_counter()
        shown = tuple(evalbroad.Shown(self.files[r], frozenset(
            i for i, g in enumerate(q.gold) if holds(self.chunks[r], g.span)))
            for r in self.top(q.question, current().evaluation.peer_sources_broad))
        return evalbroad.Outcome(True, shown, (time.perf_counter() - t0) * 1000)


def assistant_outcome(ask: Callable[[str], Any]) -> Callable[[str], Outcome]:
    def run(question: str) -> Outcome:
        t0 = time.perf_counter()
        ans = ask(question)
        ms = (time.perf_counter() - t0) * 1000
        return Outcome([[(h.unit.doc_id, h.unit.ref)] for h in ans.hits[:10]],
                       [[(c.doc_id, c.ref)] for c in ans.citations], ans.answered, ms)
    return run


def _hit(item: Covered, gold: Sequence[str]) -> bool:
    return any(_matches(doc, ref, gold) for doc, ref in item)


def score(questions: Sequence[Question], run: Callable[[str], Outcome]) -> dict[str, Any]:
    rows = []
    for q in questions:
        o = run(q.question)
        row: dict[str, Any] = {"lang": q.lang, "ms": o.ms, "answerable": q.answerable,
                               "answered": o.answered}
        if q.answerable:
            rank = next((i for i, it in enumerate(o.ranking[:10], 1) if _hit(it, q.gold)), None)
            row.update(hit1=rank == 1, hit5=bool(rank and rank <= 5), rr=1 / rank if rank else 0.0,
                       prec=(sum(_hit(c, q.gold) for c in o.cited) / len(o.cited)) if o.cited else None)
        rows.append(row)
    out = {"all": _summary(rows), "en": _summary([r for r in rows if r["lang"] == "en"]),
           "other": _summary([r for r in rows if r["lang"] != "en"])}
    for lg in sorted({r["lang"] for r in rows} - {"en"}):
        out[lg] = _summary([r for r in rows if r["lang"] == lg])
    return out


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    ans = [r for r in rows if r["answerable"]]
    un = [r for r in rows if not r["answerable"]]

    def mean(key: str) -> float | None:
        vals = [float(r[key]) for r in ans if r.get(key) is not None]
        return round(sum(vals) / len(vals), 3) if vals else None

    ms = sorted(r["ms"] for r in rows)
    return {"n": len(rows), "hit@1": mean("hit1"), "hit@5": mean("hit5"), "mrr": mean("rr"),
            "cite_p": mean("prec"),
            "refusal": round(sum(not r["answered"] for r in un) / len(un), 3) if un else None,
            "false_refusals": sum(not r["answered"] for r in ans),
            "p50_ms": round(statistics.median(ms), 1) if ms else None,
            "p95_ms": round(float(np.percentile(ms, 95)), 1) if ms else None}


def table(results: dict[str, dict[str, Any]], slices: Sequence[str],
          metrics: Sequence[str] = ("hit@1", "hit@5", "mrr", "cite_p", "refusal", "p95_ms")) -> str:
    """One row per system and slice, one column per metric."""
    head = f"{'system':28} {'slice':6} " + " ".join(f"{m:>8}" for m in metrics)
    lines = [head, "-" * len(head)]
    for name, res in results.items():
        for sl in slices:
            if sl not in res:
                continue
            cells = ["-" if res[sl].get(m) is None else f"{res[sl][m]:.3f}" if m != "p95_ms"
                     else f"{res[sl][m]:.1f}" for m in metrics]
            lines.append(f"{name:28} {sl:6} " + " ".join(f"{c:>8}" for c in cells))
    return "\n".join(lines)


def ablation_steps(rerank_available: bool) -> list[tuple[str, str, Any]]:
    """(label, embedder, config): each step adds one part to the one before; the last
    row takes the reranker out of the default again, to show what it buys."""
    from assistant.search.retrieve import RetrievalConfig

    rr = DEFAULT_RERANKER if rerank_available else ""
    bare = RetrievalConfig(bm25=False, sentences=False, chars=False, aliases=False,
                           strip_naming=False, focus_dense=False, w_type=0.0, w_named=0.75)
    bm25 = replace(bare, bm25=True)
    reranked = replace(bm25, rerank=rr)
    acronyms = replace(reranked, aliases=True)
    signals = replace(acronyms, sentences=True, chars=True)
    naming = replace(signals, strip_naming=True, focus_dense=True, w_named=1.5)
    steps = [("dense only (minilm)", "minilm", bare), ("+ BM25", "minilm", bm25)]
    if rr:
        steps.append(("+ reranker (contested, English)", "minilm", reranked))
    e5 = "e5-small-onnx"
    steps += [("+ acronyms", "minilm", acronyms),
              ("+ multilingual (e5-small)", e5, acronyms),
              ("+ sentences, n-grams", e5, signals),
              ("+ document naming", e5, naming),
              ("+ answer types (default)", e5, RetrievalConfig(rerank=rr))]
    if rr:
        steps.append(("default without reranker", e5, RetrievalConfig()))
    return steps


def run(corpus: Path, index_root: Path, questions: Sequence[Question], default_embedder: str,
        ablation: bool, log: Callable[[str], None]) -> dict[str, dict[str, Any]]:
    """Peer and assistant (and the ablation steps) scored on the same questions."""
    from assistant.answer.answerer import Answerer, policy_for
    from assistant.models.embed import get_embedder
    from assistant.search.retrieve import RetrievalConfig, Retriever
    from assistant.store.index import ensure_index

    results: dict[str, dict[str, Any]] = {}
    loaded: dict[str, Any] = {}

    def index_for(name: str) -> Any:
        if name not in loaded:
            emb = get_embedder(name)
            loaded[name] = (ensure_index(corpus, index_root / name, emb, log), emb)
        return loaded[name]

    idx, _ = index_for(default_embedder)
    log("building the peer (RecursiveCharacterTextSplitter 1000/200, MiniLM, FAISS flat)")
    peer = Peer(corpus, idx.units, get_embedder("minilm"))
    k = current().evaluation.peer_sources_point
    results[f"peer: LangChain 1000/200 top-{k}"] = score(questions, peer.ask)
    rerank = usable_reranker(DEFAULT_RERANKER, log)  # "" (with a warning) when it cannot load
    steps = ablation_steps(bool(rerank)) if ablation else []
    steps = steps or [("assistant (default)", default_embedder, RetrievalConfig(rerank=rerank))]
    for label, name, config in steps:
        log(f"scoring {label}")
        idx, emb = index_for(name)
        ans = Answerer(Retriever(idx, emb, config), policy_for(name))
        results[label] = score(questions, assistant_outcome(ans.ask))
    return results



def run_broad(corpus: Path, index_root: Path, path: Path, embedder: str,
              log: Callable[[str], None]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The peer (its top chunks as sources) and the assistant on the same broad questions,
    both judged by span containment; also the ids not scored (gold text in no unit)."""
    from assistant.answer.answerer import Answerer, policy_for
    from assistant.models.embed import get_embedder
    from assistant.search.retrieve import RetrievalConfig, Retriever
    from assistant.store.index import ensure_index

    emb = get_embedder(embedder)
    idx = ensure_index(corpus, index_root / embedder, emb, log)
    questions, not_scored = evalbroad.resolve(evalbroad.load_broad(path), idx.units, idx.docs)
    log("building the peer (RecursiveCharacterTextSplitter 1000/200, MiniLM, FAISS flat)")
    peer = Peer(corpus, idx.units, get_embedder("minilm"))
    cfg = current().evaluation
    answerer = Answerer(Retriever(idx, emb, RetrievalConfig(rerank=usable_reranker(DEFAULT_RERANKER, log))),
                        policy_for(embedder))
    system = evalbroad.assistant_system(answerer.ask, idx.docs, evalbroad.shown_by_text)
    return {f"peer: LangChain 1000/200 top-{cfg.peer_sources_broad}":
            evalbroad.run(questions, peer.broad, cfg.warmup_questions),
            "assistant (default)": evalbroad.run(questions, system, cfg.warmup_questions)}, not_scored
