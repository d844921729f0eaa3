"""Evaluation on a known-answer set: retrieval, citations, key phrases and refusals.

Questions are JSON lines: {"id", "question", "lang", "type", "gold": [cid, ...],
"key": [phrase, ...]}; an empty gold list marks a question the documents do not
answer. A hit or citation counts when its ref is the gold ref or inside it.

A gold entry may instead be {"file", "span"}: a verbatim piece of the document's
text. `resolve_spans` turns it into the refs of the units holding it in the index
being scored, so a set written from the documents alone scores any unit scheme
(before and after a change to paragraph structure) without being rewritten.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from assistant import cite
from assistant.ingest.structure import marker
from assistant.textnorm import for_match
from assistant.types import Answer, DocMeta, Unit

T = TypeVar("T")

DEFAULT_QUESTIONS = Path("eval/questions.jsonl")
# The IACML question sets, each written at another time by another hand (eval/README.md):
# pooled for the CI floor and for fitting the refusal scorer, one held out at a time.
IACML_SETS = ("questions", "heldout", "blind", "blind2", "blind3", "blind4", "blind5")


class InSet(Protocol):
    @property
    def set(self) -> str:  # the question set an item comes from
        ...


S = TypeVar("S", bound=InSet)


def set_folds(items: Sequence[S]) -> list[tuple[str, list[S], list[S]]]:
    """Leave one set out: (the set held out, the other sets' items, its own), by set name."""
    sets = sorted({i.set for i in items})
    return [(s, [i for i in items if i.set != s], [i for i in items if i.set == s]) for s in sets]


class EvalSetError(ValueError):
    """The question file is missing or malformed."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    lang: str
    type: str
    gold: tuple[str, ...]
    key: tuple[str, ...]
    spans: tuple[tuple[str, str], ...] = ()  # (file, verbatim text) golds, before resolve_spans

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


def read_set(path: Path, parse: Callable[[dict[str, Any]], T],
             errors: tuple[type[Exception], ...] = (KeyError, TypeError)) -> list[T]:
    """Every non-blank JSON line of a question file through `parse`; a missing file or a bad
    line is an EvalSetError naming the file and line (point, broad and conversation sets)."""
    if not path.is_file():
        raise EvalSetError(f"question file not found: {path}")
    caught: tuple[type[BaseException], ...] = (json.JSONDecodeError, *errors)
    out = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(parse(json.loads(line)))
            except caught as e:
                raise EvalSetError(f"{path}:{no}: {e}") from e
    return out


def _point_question(d: dict[str, Any]) -> Question:
    gold = d.get("gold", [])
    spans = tuple((str(g["file"]), str(g["span"])) for g in gold if isinstance(g, dict))
    return Question(str(d["id"]), d["question"], d.get("lang", "en"), d.get("type", "fact"),
                    tuple(g for g in gold if isinstance(g, str)), tuple(d.get("key", [])), spans)


def load_questions(path: Path) -> list[Question]:
    return read_set(path, _point_question)


def _letters(text: str) -> str:
    # letters only: footnote digits, markers and spacing that a reader may clean never decide
    return re.sub(r"[^a-z]+", "", for_match(text))


def resolve_spans(questions: list[Question], units: list[Unit],
                  docs: dict[str, DocMeta]) -> tuple[list[Question], list[str]]:
    """Span golds become the citation ids of the units whose text holds them (a span cut by a
    unit boundary matches by its first or last 40 characters). A span no unit holds (a cover
    line, which is metadata, never a unit) is dropped; a question left with no gold is not
    scored, and its id is returned with the others' so the report can say so."""
    joined: dict[tuple[str, str], str] = {}  # (file, cid) -> letters; parts of one ref joined
    for u in units:
        if (meta := docs.get(u.doc_id)) is not None:
            key = (meta.source, cite.format_cid(u.doc_id, u.ref))
            joined[key] = joined.get(key, "") + _letters(u.text)
    by_file: dict[str, list[tuple[str, str]]] = {}
    for (file, cid), text in joined.items():
        by_file.setdefault(file, []).append((cid, text))
    out: list[Question] = []
    uncitable: list[str] = []
    for q in questions:
        gold = list(q.gold)
        for file, raw in q.spans:
            cands = by_file.get(file, [])
            cids = next((c for probe in span_probes(raw) if (c := _holding(cands, probe))), [])
            gold += [c for c in cids if c not in gold]
        if q.spans and not gold:
            uncitable.append(q.id)
            continue
        out.append(replace(q, gold=tuple(gold), spans=()))
    return out, uncitable


def span_probes(raw: str) -> list[str]:
    """What a text must hold (on letters) to hold a span, tried in order: the whole span, else
    its first or last 40 characters (a span cut by a unit or chunk boundary); under 12 letters
    a probe proves nothing and is left out. Units hold no "(c)" or "9.", so markers go first."""
    span = marker(raw).body
    probes = (_letters(span), _letters(span[:40]), _letters(span[-40:]))
    return [p for p in probes if len(p) >= 12]


def holds(text: str, raw_span: str) -> bool:
    """Does this text (a unit's, or any other system's chunk) hold the span, by the same
    probes resolve_spans uses?"""
    letters = _letters(text)
    return any(p in letters for p in span_probes(raw_span))


def _holding(cands: list[tuple[str, str]], needle: str) -> list[str]:
    return [cid for cid, text in cands if needle and needle in text]


def set_kind(path: Path) -> str:
    """Which scorer a question file needs: "broad" when its lines carry a "scope" (topic,
    comparison, parts, overview, unanswerable; evalbroad.py), else "point" (this module)."""
    if not path.is_file():
        raise EvalSetError(f"question file not found: {path}")
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                first = json.loads(line)
            except json.JSONDecodeError as e:
                raise EvalSetError(f"{path}:{no}: {e}") from e
            if isinstance(first, dict) and "turns" in first:
                return "conversation"  # evalconv.py
            return "broad" if isinstance(first, dict) and "scope" in first else "point"
    return "point"


def _matches(doc_id: str, ref: str, gold: Iterable[str]) -> bool:
    for g in gold:
        gdoc, gref = cite.parse_cid(g)
        if gdoc == doc_id and cite.within(ref, gref):
            return True
    return False


def score_one(q: Question, ans: Answer, latency_ms: float) -> dict[str, Any]:
    """Per-question scores (None where a measure does not apply)."""
    row: dict[str, Any] = {"id": q.id, "lang": q.lang, "type": q.type, "answered": ans.answered,
                           "latency_ms": round(latency_ms, 2),
                           "top_refs": [cite.format_cid(h.unit.doc_id, h.unit.ref) for h in ans.hits[:5]]}
    if not q.answerable:
        row["refused_ok"] = not ans.answered
        return row
    rank = next((i for i, h in enumerate(ans.hits[:10], 1)
                 if _matches(h.unit.doc_id, h.unit.ref, q.gold)), None)
    row.update(rank=rank, hit1=rank == 1, hit5=rank is not None and rank <= 5,
               rr=1.0 / rank if rank else 0.0)
    if ans.citations:
        ok = [c for c in ans.citations if _matches(c.doc_id, c.ref, q.gold)]
        row["cite_precision"] = len(ok) / len(ans.citations)
        row["cite_recall"] = sum(1 for g in q.gold if any(
            _matches(c.doc_id, c.ref, [g]) for c in ans.citations)) / len(q.gold)
    else:
        row["cite_precision"], row["cite_recall"] = None, 0.0
    text = for_match(ans.text)
    row["key_ok"] = any(for_match(k) in text for k in q.key) if q.key else None
    return row


def _mean(xs: list[Any]) -> float | None:
    vals = [float(x) for x in xs if x is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    ans = [r for r in rows if "rank" in r]
    un = [r for r in rows if "refused_ok" in r]
    lat = sorted(r["latency_ms"] for r in rows)
    return {
        "questions": len(rows), "answerable": len(ans), "unanswerable": len(un),
        "hit@1": _mean([r["hit1"] for r in ans]), "hit@5": _mean([r["hit5"] for r in ans]),
        "mrr@10": _mean([r["rr"] for r in ans]),
        "citation_precision": _mean([r["cite_precision"] for r in ans]),
        "citation_recall": _mean([r["cite_recall"] for r in ans]),
        "key_phrase_rate": _mean([r["key_ok"] for r in ans]),
        "refusal_accuracy": _mean([r["refused_ok"] for r in un]),
        "false_refusals": sum(1 for r in ans if not r["answered"]),
        "latency_p50_ms": round(statistics.median(lat), 2) if lat else None,
        "latency_p95_ms": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 2) if lat else None,
    }


def evaluate(questions: list[Question], ask: Callable[[str], Answer]) -> dict[str, Any]:
    rows = []
    for q in questions:
        t0 = time.perf_counter()
        ans = ask(q.question)
        rows.append(score_one(q, ans, (time.perf_counter() - t0) * 1000))
    langs = sorted({r["lang"] for r in rows})
    return {
        "overall": summarize(rows),
        "english": summarize([r for r in rows if r["lang"] == "en"]),
        "cross_lingual": summarize([r for r in rows if r["lang"] != "en"]),
        "per_language": {lg: summarize([r for r in rows if r["lang"] == lg]) for lg in langs},
        "per_type": {t: summarize([r for r in rows if r["type"] == t])
                     for t in sorted({r["type"] for r in rows})},
        "rows": rows,
    }


def bootstrap_interval(values: list[float], rounds: int = 2000, level: float = 0.95,
                       seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap of a mean: how far a score could move on another draw of
    questions like these (the question sets are small; one question is 1-3 points)."""
    import numpy as np

    if not values:
        return (0.0, 0.0)
    rng = np.random.default_rng(seed)
    arr = np.asarray(values, dtype=float)
    means = arr[rng.integers(0, len(arr), size=(rounds, len(arr)))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    return (float(np.percentile(means, tail)), float(np.percentile(means, 100 - tail)))


COLUMNS = ("questions", "hit@1", "hit@5", "mrr@10", "citation_precision", "citation_recall",
           "key_phrase_rate", "refusal_accuracy", "false_refusals", "latency_p95_ms")


def format_table(report: dict[str, Any]) -> str:
    head = ["slice"] + [c.replace("citation_", "cite_") for c in COLUMNS]
    lines = ["  ".join(f"{h:>10}" for h in head)]
    slices = [("overall", report["overall"]), ("english", report["english"]),
              ("cross-ling", report["cross_lingual"])]
    slices += [(f"lang={k}", v) for k, v in report["per_language"].items()]
    slices += [(f"type={k}", v) for k, v in report["per_type"].items()]
    for name, s in slices:
        cells = [name] + ["-" if s.get(c) is None else
                          (f"{s[c]:.3f}" if isinstance(s[c], float) else str(s[c])) for c in COLUMNS]
        lines.append("  ".join(f"{c:>10}" for c in cells))
    return "\n".join(lines)


def write_report(report: dict[str, Any], out_dir: Path, meta: dict[str, Any]) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"eval-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"meta": meta, **report}, indent=1, ensure_ascii=False),
                    encoding="utf-8")
    return path
