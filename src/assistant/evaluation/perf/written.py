"""Measure written answers: share of the model's sentences kept, citation precision of the
kept ones, latency to the first token and to the full answer (median, p95), and the same
questions with the model off.

    python -m assistant.evaluation.perf.written --questions FILE [--llm URL | --local] [--index DIR]

FILE is JSONL with a "question" per line (the broad set's format, or any eval set). With
--local a llama.cpp server with SmolLM2 (perf/llamaserver) is started for the run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any


def _pct(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return round(s[min(len(s) - 1, int(q * (len(s) - 1) + 0.5))], 3)


def precision(ans: Any, shown: set[str]) -> tuple[int, int]:
    """(kept citations naming a unit the model was shown, kept citations), recounted here
    apart from the checks that kept them."""
    cites = [c for s in ans.written.sentences if s.kept for c in s.cites]
    return sum(c in shown for c in cites), len(cites)


def measure(a: Any, questions: list[str]) -> dict[str, Any]:
    from assistant import settings
    from assistant.answer.prompt import sources_of
    from assistant.answer.written import write

    rows, first, total, off = [], [], [], []
    for q in questions:
        t0 = time.perf_counter()
        plain = a.ask(q, written=False)
        off.append(time.perf_counter() - t0)
        ans = write(plain, a.writer, a.index.docs)
        w = ans.written
        row = {"question": q, "answered": plain.answered}
        if w is not None:
            shown = {x.cid for x in sources_of(plain, a.index.docs, settings.current().llm.units)}
            good, n = precision(ans, shown)
            row.update(used=w.used, fallback=w.fallback, kept=sum(s.kept for s in w.sentences),
                       sentences=len(w.sentences), cites_ok=good, cites=n,
                       first_token_s=w.first_token_s, total_s=round(w.total_s, 3),
                       answer=ans.text, checks=[s.to_dict() for s in w.sentences])
            total.append(w.total_s + off[-1])
            if w.first_token_s is not None:
                first.append(w.first_token_s + off[-1])
        rows.append(row)
    return _summary(rows, first, total, off)


def _summary(rows: list[dict[str, Any]], first: list[float], total: list[float],
             off: list[float]) -> dict[str, Any]:
    written = [r for r in rows if "sentences" in r]
    sents = sum(r["sentences"] for r in written)
    cites = sum(r["cites"] for r in written)
    return {
        "questions": len(rows), "written_attempts": len(written),
        "written_used": sum(r["used"] for r in written),
        "sentences": sents, "kept": sum(r["kept"] for r in written),
        "kept_share": round(sum(r["kept"] for r in written) / sents, 3) if sents else None,
        "kept_citation_precision": round(sum(r["cites_ok"] for r in written) / cites, 3) if cites else None,
        "first_token_s": {"median": _pct(first, 0.5), "p95": _pct(first, 0.95)},
        "full_answer_s": {"median": _pct(total, 0.5), "p95": _pct(total, 0.95)},
        "model_off_s": {"median": _pct(off, 0.5), "p95": _pct(off, 0.95)},
        "fallbacks": {f: sum(r.get("fallback") == f for r in written)
                      for f in sorted({str(r.get("fallback")) for r in written if r.get("fallback")})},
        "rows": rows,
    }


@contextlib.contextmanager
def _server(args: argparse.Namespace) -> Iterator[str]:
    if args.llm:
        yield args.llm
        return
    from assistant.evaluation.perf.llamaserver import serving

    with serving() as url:
        yield url


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m assistant.evaluation.perf.written")
    ap.add_argument("--questions", type=Path, required=True)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--llm", help="base URL of a running OpenAI-compatible server")
    g.add_argument("--local", action="store_true", help="start llama.cpp with SmolLM2 for the run")
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--index", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None, help="write the full report (JSON) here")
    args = ap.parse_args(argv)
    from assistant import settings
    from assistant.app.service import open_assistant

    qs = [json.loads(line)["question"] for line in args.questions.read_text(encoding="utf-8").splitlines()
          if line.strip()]
    paths = settings.current().paths
    with _server(args) as url:
        settings.use(settings.current().with_values({"llm.url": url}))
        a = open_assistant(args.corpus or Path(paths.corpus), args.index or Path(paths.index),
                           paths.embedder, quiet=True)
        report = measure(a, qs)
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "rows"}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
