"""The command line's evaluation verbs (eval, compare, fit-refusal, fit-fusion, bench): thin
calls into evaluation/, kept apart from cli.py's parser."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from assistant.app.commands import log as _log
from assistant.app.commands import open_for


def cmd_eval(args: argparse.Namespace) -> int:
    from assistant.evaluation.evaluate import (
        evaluate,
        format_table,
        load_questions,
        resolve_spans,
        set_kind,
        write_report,
    )

    kind = set_kind(args.questions)
    if kind != "point":
        return _eval_broad(args) if kind == "broad" else _eval_conv(args)
    questions = load_questions(args.questions)
    a = open_for(args)
    questions, uncitable = resolve_spans(questions, a.index.units, a.index.docs)
    report = evaluate(questions, lambda q: a.ask(q, args.k))
    meta = {"embedder": a.index.manifest["embedder"], "reranker": a.retriever.config.rerank or "none",
            "questions_file": str(args.questions), "units": len(a.index.units), "k": args.k,
            "not_scored": uncitable}  # questions whose gold text is in no unit (cover lines)
    path = write_report(report, args.reports, meta)
    if args.json:
        print(json.dumps({"meta": meta, **{k: v for k, v in report.items() if k != "rows"},
                          "report": str(path)}, ensure_ascii=False))
    else:
        print(format_table(report))
        if uncitable:
            print(f"not scored (gold text in no unit): {', '.join(uncitable)}")
        print(f"report: {path}")
    return 0


def _eval_broad(args: argparse.Namespace) -> int:
    from assistant.evaluation import evalbroad

    a = open_for(args)
    rep, latency, not_scored = evalbroad.measure(a, args.questions, args.latency_ref, args.k)
    meta = {"embedder": a.index.manifest["embedder"], "reranker": a.retriever.config.rerank or "none",
            "questions_file": str(args.questions), "units": len(a.index.units), "k": args.k,
            "not_scored": not_scored, "rule": evalbroad.REF_RULE}
    print(evalbroad.publish({"assistant": rep}, args.reports, meta, "broad", latency, args.json))
    return 0


def _eval_conv(args: argparse.Namespace) -> int:
    from assistant.evaluation import evalconv
    from assistant.evaluation.evaluate import write_report

    a = open_for(args)
    rep = evalconv.measure(a, args.questions, args.k)
    meta = {"embedder": a.index.manifest["embedder"], "questions_file": str(args.questions), "k": args.k}
    path = write_report(rep, args.reports, meta)
    print(json.dumps({"meta": meta, "summary": rep["summary"], "report": str(path)}, ensure_ascii=False)
          if args.json else f"{evalconv.table(rep)}\nreport: {path}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from assistant.app.service import DEFAULT_EMBEDDER
    from assistant.evaluation import compare
    from assistant.evaluation.evaluate import load_questions, set_kind

    if set_kind(args.questions) == "broad":
        return _compare_broad(args)
    questions = load_questions(args.questions)
    results = compare.run(args.corpus, args.index_root, questions, args.embedder or DEFAULT_EMBEDDER,
                          args.ablation, _log)
    args.reports.mkdir(parents=True, exist_ok=True)
    path = args.reports / f"compare-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(compare.table(results, ["en", "other", "es", "pt", "fr"]))
    print(f"report: {path}")
    return 0


BROAD_SETS = ("broad", "broad-blind", "broad-dev-evalbroad")  # fit-relevance's default


def cmd_fit_refusal(args: argparse.Namespace) -> int:
    from assistant.app.service import DEFAULT_EMBEDDER, open_retriever
    from assistant.evaluation import fitrefusal
    from assistant.evaluation.evaluate import IACML_SETS

    embedder = args.embedder or DEFAULT_EMBEDDER
    files = args.questions or [Path("eval") / f"{n}.jsonl" for n in IACML_SETS]
    r = open_retriever(args.corpus, args.index, embedder)
    model, lines = fitrefusal.run(fitrefusal.collect(lambda q: r.search(q, 8), files), files)
    print("\n".join(lines))
    if args.write:
        fitrefusal.write(embedder, model)
        print(f"wrote the {embedder} entry of {fitrefusal.MODEL_FILE}")
    return 0


def cmd_fit_relevance(args: argparse.Namespace) -> int:
    from assistant.app.service import DEFAULT_EMBEDDER, open_retriever
    from assistant.evaluation import fitrelevance

    embedder = args.embedder or DEFAULT_EMBEDDER
    files = args.questions or [Path("eval") / f"{n}.jsonl" for n in BROAD_SETS]
    r = open_retriever(args.corpus, args.index, embedder)
    model, lines, helps = fitrelevance.run(fitrelevance.collect(r, files), files)
    print("\n".join(lines))
    if not helps:
        print("held out, the model does not beat the closeness margins: nothing to write")
    elif args.write:
        fitrelevance.write(embedder, model)
        print(f"wrote the {embedder} entry of {fitrelevance.MODEL_FILE}")
    return 0


def cmd_fit_fusion(args: argparse.Namespace) -> int:
    from assistant.app.service import DEFAULT_EMBEDDER, open_retriever
    from assistant.evaluation import fitfusion
    from assistant.evaluation.evaluate import IACML_SETS

    embedder = args.embedder or DEFAULT_EMBEDDER
    files = args.questions or [Path("eval") / f"{n}.jsonl" for n in IACML_SETS]
    r = open_retriever(args.corpus, args.index, embedder)
    fitter = fitfusion.Fitter(fitfusion.collect(r, files), r.units, r.idx.docs, r.config.rerank)
    start = fitfusion.hand_weights(r.config)
    bad = fitfusion.verify(r, fitter, start)
    print(f"re-fused with the current weights: {len(fitter.cases) - len(bad)} of {len(fitter.cases)} "
          f"rankings identical to the search's{'; differ: ' + ', '.join(bad) if bad else ''}")
    weights, lines, helps = fitfusion.report(fitter, start)
    print("\n".join(lines))
    if not helps:
        print("held out, the fitted weights do not beat the current ones: nothing to write")
    elif args.write:
        from assistant.settings import current, embedder_preset

        path = embedder_preset(embedder, current().paths.presets)
        fitfusion.write(path, weights, f"{len(fitter.cases)} questions of {len(files)} sets, LOSO CV")
        print(f"wrote {path}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from assistant.evaluation.perf.command import bench

    return bench(args)


def _compare_broad(args: argparse.Namespace) -> int:
    from assistant.app.service import DEFAULT_EMBEDDER
    from assistant.evaluation import compare, evalbroad

    name = args.embedder or DEFAULT_EMBEDDER
    results, not_scored = compare.run_broad(args.corpus, args.index_root, args.questions, name, _log)
    meta = {"embedder": name, "questions_file": str(args.questions), "not_scored": not_scored,
            "rule": evalbroad.TEXT_RULE}
    latency = "; ".join(f"{k}: warm p95 {r['overall']['p95_ms']} ms" for k, r in results.items())
    print(evalbroad.publish(results, args.reports, meta, "compare-broad", latency, False))
    return 0


