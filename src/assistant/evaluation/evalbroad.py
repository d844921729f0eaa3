"""Scoring broad questions: topics, comparisons, several parts, overviews.

A broad question has many answering paragraphs, each a gold entry {"file", "span", "part"?}
(format: eval/README.md). Per question it scores paragraph recall (gold paragraphs cited),
citation precision (cited sources that hold a gold paragraph), documents covered (share of
its "docs" cited at least once), parts covered (scope "parts") and refusals; then it reports
them per language and per scope with warm latency. The same scorer serves any system: it
sees only, per source shown, the file it comes from and which gold paragraphs it covers.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant.evaluation.evaluate import Question, _matches, holds, read_set, resolve_spans
from assistant.types import Answer, Citation, DocMeta, Unit

SCOPES = ("topic", "comparison", "parts", "overview", "unanswerable")
REF_RULE = "a citation covers a gold paragraph when its ref is a unit holding the span, or inside one"
TEXT_RULE = "a source covers a gold paragraph when its text holds the span (both systems alike)"


@dataclass(frozen=True)
class GoldPara:
    file: str
    span: str
    part: int = 0  # which part of a "parts" question it answers; 0 otherwise
    cids: tuple[str, ...] = ()  # the units holding it in the index scored (resolve)


@dataclass(frozen=True)
class BroadQuestion:
    id: str
    lang: str
    scope: str
    question: str
    gold: tuple[GoldPara, ...]
    docs: tuple[str, ...]  # files the answer must cover

    @property
    def answerable(self) -> bool:
        return self.scope != "unanswerable"


@dataclass(frozen=True)
class Shown:
    """One source a system showed: its file and the indexes of the gold paragraphs it covers."""
    file: str
    covers: frozenset[int]


@dataclass(frozen=True)
class Outcome:
    answered: bool
    shown: tuple[Shown, ...]
    ms: float


def _question(d: dict[str, Any]) -> BroadQuestion:
    scope = str(d["scope"])
    if scope not in SCOPES:
        raise ValueError(f"scope {scope!r} is none of {', '.join(SCOPES)}")
    gold = tuple(GoldPara(str(g["file"]), str(g["span"]), int(g.get("part", 0))) for g in d["gold"])
    if (scope == "unanswerable") != (not gold):
        raise ValueError("an unanswerable question has no gold, and only it")
    return BroadQuestion(str(d["id"]), str(d.get("lang", "en")), scope, str(d["question"]), gold,
                         tuple(str(f) for f in d.get("docs", [])))


def load_broad(path: Path) -> list[BroadQuestion]:
    return read_set(path, _question, (KeyError, TypeError, ValueError))


def resolve(questions: Sequence[BroadQuestion], units: Sequence[Unit],
            docs: dict[str, DocMeta]) -> tuple[list[BroadQuestion], list[str]]:
    """Each gold paragraph gets the units holding its span (evaluate.resolve_spans, one span
    at a time so each keeps its own). A paragraph no unit holds (a cover line) is dropped; an
    answerable question left with none is not scored, and its id returned."""
    probes = [Question(f"{qi}:{gi}", "", "", "", (), (), ((g.file, g.span),))
              for qi, q in enumerate(questions) for gi, g in enumerate(q.gold)]
    found, _ = resolve_spans(probes, list(units), docs)
    cids = {p.id: p.gold for p in found}
    out, not_scored = [], []
    for qi, q in enumerate(questions):
        gold = tuple(replace(g, cids=cids[f"{qi}:{gi}"]) for gi, g in enumerate(q.gold)
                     if f"{qi}:{gi}" in cids)
        if q.answerable and not gold:
            not_scored.append(q.id)
        else:
            out.append(replace(q, gold=gold))
    return out, not_scored


def _units_cited(ans: Answer) -> list[Citation]:
    """Each cited unit once: two quotes of one unit are one source for precision."""
    seen: dict[tuple[str, str], Citation] = {}
    for c in ans.citations:
        seen.setdefault((c.doc_id, c.ref), c)
    return list(seen.values())


def shown_by_answer(q: BroadQuestion, ans: Answer, docs: dict[str, DocMeta]) -> tuple[Shown, ...]:
    """The assistant's citations: a citation covers a gold paragraph when its ref is one of
    the units holding the span, or inside one (evaluate's rule for point questions)."""
    return tuple(Shown(docs[c.doc_id].source if c.doc_id in docs else c.doc_id,
                       frozenset(i for i, g in enumerate(q.gold) if _matches(c.doc_id, c.ref, g.cids)))
                 for c in _units_cited(ans))


def shown_by_text(q: BroadQuestion, ans: Answer, docs: dict[str, DocMeta]) -> tuple[Shown, ...]:
    """The assistant's citations judged by their text holding a gold span (evaluate.holds):
    the rule `compare` applies to the peer's chunks, applied to the assistant's units."""
    return tuple(Shown(docs[c.doc_id].source if c.doc_id in docs else c.doc_id,
                       frozenset(i for i, g in enumerate(q.gold) if holds(c.text, g.span)))
                 for c in _units_cited(ans))


def score_row(q: BroadQuestion, o: Outcome) -> dict[str, Any]:
    row: dict[str, Any] = {"id": q.id, "lang": q.lang, "scope": q.scope, "answered": o.answered,
                           "latency_ms": round(o.ms, 2), "cited": len(o.shown)}
    if not q.answerable:
        row["refused_ok"] = not o.answered
        return row
    covered = frozenset().union(*(s.covers for s in o.shown)) if o.shown else frozenset()
    files = {s.file for s in o.shown}
    row.update(gold=len(q.gold), recall=len(covered) / len(q.gold),
               precision=sum(bool(s.covers) for s in o.shown) / len(o.shown) if o.shown else None,
               missed=[q.gold[i].span[:60] for i in range(len(q.gold)) if i not in covered])
    if q.docs:
        row["docs_covered"] = len(files & set(q.docs)) / len(q.docs)
        row["multi_doc"] = len(q.docs) > 1
    parts = {g.part for g in q.gold if g.part}
    if parts:
        row["parts_covered"] = len({q.gold[i].part for i in covered if q.gold[i].part}) / len(parts)
    return row


def _mean(rows: list[dict[str, Any]], key: str) -> float | None:
    vals = [float(r[key]) for r in rows if r.get(key) is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def _pct(xs: list[float], p: float) -> float | None:
    return round(float(np.percentile(xs, p)), 1) if xs else None


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    ans = [r for r in rows if "recall" in r]
    un = [r for r in rows if "refused_ok" in r]
    multi = [r for r in ans if r.get("multi_doc")]
    ms = [r["latency_ms"] for r in rows]
    return {"questions": len(rows), "answerable": len(ans), "recall": _mean(ans, "recall"),
            "precision": _mean(ans, "precision"), "docs_covered": _mean(ans, "docs_covered"),
            "parts_covered": _mean(ans, "parts_covered"), "multi_doc": len(multi),
            "multi_doc_all_covered": sum(1 for r in multi if r["docs_covered"] == 1.0),
            "refused_on_topic": sum(1 for r in ans if not r["answered"]),
            "unanswerable": len(un), "unanswerable_refused": sum(1 for r in un if r["refused_ok"]),
            "p50_ms": round(statistics.median(ms), 1) if ms else None, "p95_ms": _pct(ms, 95)}


def report(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"overall": summarize(rows),
            "per_language": {lg: summarize([r for r in rows if r["lang"] == lg])
                             for lg in sorted({r["lang"] for r in rows})},
            "per_scope": {s: summarize([r for r in rows if r["scope"] == s])
                          for s in SCOPES if any(r["scope"] == s for r in rows)},
            "rows": rows}


def run(questions: Sequence[BroadQuestion], system: Callable[[BroadQuestion], Outcome],
        warmup: int = 0) -> dict[str, Any]:
    """Score one system; the first `warmup` questions are asked once untimed before."""
    for q in list(questions)[:warmup]:
        system(q)
    return report([score_row(q, system(q)) for q in questions])


Judge = Callable[[BroadQuestion, Answer, dict[str, DocMeta]], tuple[Shown, ...]]


def assistant_system(ask: Callable[[str], Answer], docs: dict[str, DocMeta],
                     judge: Judge = shown_by_answer) -> Callable[[BroadQuestion], Outcome]:
    def system(q: BroadQuestion) -> Outcome:
        t0 = time.perf_counter()
        ans = ask(q.question)
        ms = (time.perf_counter() - t0) * 1000
        return Outcome(ans.answered, judge(q, ans, docs), ms)
    return system


def measure(a: Any, path: Path, latency_ref: Path | None, k: int) -> tuple[dict[str, Any], str, list[str]]:
    """`assistant eval` on a broad set: the report, the latency line and the ids not scored.
    With a point set as latency_ref, it is asked on the same warm assistant for its p95."""
    from assistant.evaluation.evaluate import evaluate, load_questions
    from assistant.settings import current

    cfg = current().evaluation
    questions, not_scored = resolve(load_broad(path), a.index.units, a.index.docs)
    rep = run(questions, assistant_system(lambda q: a.ask(q, k), a.index.docs), cfg.warmup_questions)
    point_p95 = None
    if latency_ref is not None:
        points, _ = resolve_spans(load_questions(latency_ref), a.index.units, a.index.docs)
        point = evaluate(points, lambda q: a.ask(q, k))
        point_p95 = point["overall"]["latency_p95_ms"]
        rep["latency_ref"] = {"file": str(latency_ref), "overall": point["overall"]}
    return rep, latency_line(rep["overall"]["p95_ms"], point_p95, cfg.broad_latency_ratio), not_scored


COLUMNS = (("questions", "n"), ("recall", "recall"), ("precision", "precision"),
           ("docs_covered", "docs covered"), ("multi_doc_all_covered", "multi-doc in every doc"),
           ("parts_covered", "parts"), ("refused_on_topic", "refused on topic"),
           ("unanswerable_refused", "unanswerable refused"), ("p50_ms", "p50 ms"), ("p95_ms", "p95 ms"))


def _cell(s: dict[str, Any], key: str) -> str:
    v = s.get(key)
    if key == "multi_doc_all_covered":
        return f"{v}/{s['multi_doc']}" if s["multi_doc"] else "-"
    if key == "unanswerable_refused":
        return f"{v}/{s['unanswerable']}" if s["unanswerable"] else "-"
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) and not key.endswith("_ms") \
        else f"{v:.1f}" if isinstance(v, float) else str(v)


def table(results: dict[str, dict[str, Any]]) -> str:
    """One Markdown table: a row per system and slice (overall, each language, each scope)."""
    lines = ["| system | slice | " + " | ".join(h for _, h in COLUMNS) + " |",
             "|---|---|" + "---|" * len(COLUMNS)]
    for name, rep in results.items():
        slices = [("overall", rep["overall"])] + [(f"lang={k}", v) for k, v in rep["per_language"].items()]
        slices += [(f"scope={k}", v) for k, v in rep["per_scope"].items()]
        for label, s in slices:
            lines.append(f"| {name} | {label} | " + " | ".join(_cell(s, k) for k, _ in COLUMNS) + " |")
    return "\n".join(lines)


def latency_line(broad_p95: float | None, point_p95: float | None, target: float) -> str:
    """The issue's latency target as one line: a broad answer's warm p95 against a point answer's."""
    if broad_p95 is None:
        return "warm p95: no broad questions timed"
    if not point_p95:
        return f"warm p95: broad {broad_p95:.1f} ms (no point set timed; give --latency-ref FILE)"
    ratio = broad_p95 / point_p95
    verdict = "within" if ratio <= target else "over"
    return (f"warm p95: broad {broad_p95:.1f} ms, point {point_p95:.1f} ms: {ratio:.2f}x "
            f"({verdict} the {target:g}x target)")


def write(results: dict[str, dict[str, Any]], out_dir: Path, meta: dict[str, Any], stem: str,
          latency: str) -> tuple[Path, Path]:
    """The JSON report (every row) and a Markdown summary beside it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    js, md = base.with_suffix(".json"), base.with_suffix(".md")
    js.write_text(json.dumps({"meta": meta, "latency": latency, "systems": results}, indent=1,
                             ensure_ascii=False), encoding="utf-8")
    notes = [f"- {k}: {v}" for k, v in meta.items()]
    md.write_text(f"# Broad questions: {meta.get('questions_file', '')}\n\n" + "\n".join(notes)
                  + f"\n\n{table(results)}\n\n{latency}\n", encoding="utf-8")
    return js, md


def publish(results: dict[str, dict[str, Any]], out_dir: Path, meta: dict[str, Any], stem: str,
            latency: str, as_json: bool) -> str:
    """Write the reports; return what the terminal shows (the table, or one JSON line)."""
    js, md = write(results, out_dir, meta, stem, latency)
    if as_json:
        return json.dumps({"meta": meta, "latency": latency, "report": str(js),
                           "systems": {k: {s: v for s, v in r.items() if s != "rows"}
                                       for k, r in results.items()}}, ensure_ascii=False)
    skipped = meta.get("not_scored") or []
    lines = [table(results), latency]
    lines += [f"not scored (gold text in no unit): {', '.join(skipped)}"] if skipped else []
    return "\n".join(lines + [f"report: {js} (summary {md})"])
