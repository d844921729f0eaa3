"""The `assistant bench` arguments and verb (argparse only at import: `--help` stays instant)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(float(x)) for x in text.split(",") if x.strip())


def add_bench_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--parts", default="cold,build,warm,search,embed",
                   help="comma list of cold,build,warm,search,embed,load (default: all but load)")
    p.add_argument("--load", action="store_true", help="also run the concurrent-user load test")
    p.add_argument("--sizes", type=_ints, default=(10_000, 100_000, 1_000_000),
                   help="synthetic corpus sizes for the search part (default: 1e4,1e5,1e6)")
    p.add_argument("--ann", choices=("flat", "hnsw", "ivf"), default=None,
                   help="force one index type at every synthetic size (default: chosen by size)")
    p.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    p.add_argument("--repeats", type=int, default=5, help="cold-start runs per command (median)")
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--seconds", type=float, default=120)
    p.add_argument("--url", default=None, help="load-test a running UI instead of starting one")
    p.add_argument("--client", choices=("http", "gradio"), default="http",
                   help="load-test client: Gradio's HTTP API (light) or gradio_client")
    p.add_argument("--big-every", type=int, default=0,
                   help="load test: every N-th request of each user is an oversized question (0: none)")
    p.add_argument("--big-chars", type=int, default=1_000_000, help="size of that question")
    p.add_argument("--think", type=float, default=0.0, help="seconds each user waits between questions")
    p.add_argument("--out", type=Path, default=Path("bench/reports"), help="folder for the JSON report")
    p.add_argument("--json", action="store_true", help="print the JSON instead of the table")


def bench(args: argparse.Namespace) -> int:
    import json

    from assistant.app.service import DEFAULT_EMBEDDER
    from assistant.evaluation.perf.report import table
    from assistant.evaluation.perf.run import PARTS, BenchConfig, run, write
    from assistant.settings import current

    parts = tuple(x.strip() for x in args.parts.split(",") if x.strip()) + (("load",) if args.load else ())
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise ValueError(f"unknown --parts {sorted(unknown)}; choose from {','.join(PARTS)}")
    cfg = BenchConfig(corpus=args.corpus, index_dir=args.index,
                      embedder=args.embedder or current().paths.embedder or DEFAULT_EMBEDDER,
                      questions=args.questions, out_dir=args.out, parts=parts, sizes=args.sizes,
                      ann=args.ann, repeats=args.repeats, users=args.users, seconds=args.seconds,
                      url=args.url, client=args.client, think=args.think, big_every=args.big_every,
                      big_chars=args.big_chars)
    res = run(cfg, log=lambda s: print(s, file=sys.stderr, flush=True))
    path = write(res, args.out)
    print(json.dumps(res, ensure_ascii=False) if args.json else table(res))
    print(f"report: {path}", file=sys.stderr)
    return 0
