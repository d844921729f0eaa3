"""The command line: one verb per pipeline stage, each a thin call into the library.

Heavy libraries (torch, faiss, gradio) load inside the verbs, so `--help` is instant.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from assistant.evaluation.commands import (
    _log,
    cmd_bench,
    cmd_compare,
    cmd_eval,
    cmd_fit_fusion,
    cmd_fit_refusal,
    cmd_fit_relevance,
)
from assistant.evaluation.perf.command import add_bench_arguments

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class CLIError(Exception):
    """A failure the user can fix; printed as one line."""


def positive_int(text: str) -> int:
    """-k: how many results; 0 or fewer is a usage error, not an empty answer."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _common(p: argparse.ArgumentParser, corpus: bool = True) -> None:
    # defaults None: filled from the settings (paths.*) once --preset/--set are read
    if corpus:
        p.add_argument("--corpus", type=Path, default=None, help="folder of documents (default: ingest/)")
    p.add_argument("--index", type=Path, default=None, help="index folder (default: index/)")
    p.add_argument("--embedder", default=None, help="embedding backend (default: settings paths.embedder)")
    p.add_argument("--set", action="append", default=[], dest="set_here", metavar="GROUP.NAME=VALUE",
                   help="override one setting (repeatable), as before the verb")


def _llm_options(p: argparse.ArgumentParser) -> None:
    """The user's own model for written answers (settings group llm; off without a URL)."""
    p.add_argument("--llm", default=None, metavar="URL",
                   help="OpenAI-compatible server for written, citation-checked answers")
    p.add_argument("--llm-model", default=None, metavar="NAME", help="model name sent to that server")
    p.add_argument("--llm-timeout", default=None, metavar="S", help="seconds for a written answer")


def _llm_sets(args: argparse.Namespace) -> list[str]:
    """--llm* as settings assignments, so they are checked like every other setting."""
    names = (("llm", "url"), ("llm_model", "model"), ("llm_timeout", "timeout"))
    return [f"llm.{key}={getattr(args, opt)}" for opt, key in names if getattr(args, opt, None) is not None]


def _fill_paths(args: argparse.Namespace, paths: Any) -> None:
    for name, value in (("corpus", Path(paths.corpus)), ("index", Path(paths.index)),
                        ("embedder", paths.embedder)):
        if hasattr(args, name) and getattr(args, name) is None:
            setattr(args, name, value)


def _open(args: argparse.Namespace, quiet: bool = False) -> Any:
    from assistant.app.service import DEFAULT_EMBEDDER, open_assistant

    return open_assistant(getattr(args, "corpus", Path("ingest")), args.index,
                          args.embedder or DEFAULT_EMBEDDER, quiet=quiet)


def _check_docs(a: Any, args: argparse.Namespace) -> None:
    """Every --doc must name a document of the index; otherwise stop with the valid ids."""
    wanted = getattr(args, "doc", None) or []
    unknown = [d for d in wanted if d not in a.index.docs]
    if unknown:
        raise CLIError(f"unknown document id{'s' if len(unknown) > 1 else ''} "
                       f"{', '.join(map(repr, unknown))}; valid ids: {', '.join(a.index.docs)}")


def match_percent(scores: list[float]) -> list[int]:
    """Scores as a person reads them: 100 for the best hit, 0 for the weakest shown
    (raw scores mix fused ranks and reranker logits, e.g. -991.7, and mean nothing alone)."""
    if not scores:
        return []
    hi, lo = max(scores), min(scores)
    return [100 if hi == lo else round(100 * (s - lo) / (hi - lo)) for s in scores]


def cmd_index(args: argparse.Namespace) -> int:
    from assistant.app.service import DEFAULT_EMBEDDER
    from assistant.models.embed import get_embedder
    from assistant.store.buildwatch import terminal_bar
    from assistant.store.index import build_index

    emb = get_embedder(args.embedder or DEFAULT_EMBEDDER)
    # skipped files are listed once, in the summary below; a terminal gets a progress bar
    idx = build_index(args.corpus, args.index, emb,
                      log=lambda s: None if s.startswith("skipped ") else _log(s),
                      progress=terminal_bar(sys.stderr) if sys.stderr.isatty() else None)
    for name, rep in idx.report["documents"].items():
        print(f"{name}: {rep['paragraphs_in']} paragraphs -> {rep['units_out']} units "
              f"({rep['doc_id']}; dropped {len(rep['dropped'])})")
    for s in idx.report["skipped"]:
        print(f"skipped {s['file']}: {s['reason']} — {s['detail']}")
    print(f"{len(idx.units)} units indexed with {idx.manifest['embedder']} in {idx.path}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    a = _open(args)
    _check_docs(a, args)
    res = a.search(args.query, args.k, args.doc or None)
    rows = [{"doc_id": h.unit.doc_id, "ref": h.unit.ref, "text": h.unit.text,
             "score": round(float(h.score), 4), "via": h.via} for h in res.hits[:args.k]]
    if args.json:
        print(json.dumps({"query": args.query, "hits": rows}, ensure_ascii=False))
        return 0
    for i, (r, pct) in enumerate(zip(rows, match_percent([r["score"] for r in rows]), strict=True), 1):
        print(f"{i:>2}. [{r['doc_id']} {r['ref']}] match {pct:>3}%  {r['text'][:200]}")
    return 0


def _history(path: Path | None) -> tuple:
    """The turns of `ask --history FILE` (a JSON list of turns); none without the option."""
    if path is None:
        return ()
    from assistant.query.conversation import HistoryError, turns_from

    try:
        return turns_from(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, HistoryError) as e:
        raise CLIError(f"--history {path}: {e}") from None


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.answer.answerer import render

    a = _open(args, quiet=args.jsonl)
    _check_docs(a, args)
    if args.jsonl:
        from assistant.app.jsonl import run

        run(sys.stdin.buffer, sys.stdout.buffer,
            lambda q, h: a.ask(q, args.k, args.doc or None, history=h), _history(args.history))
        return 0
    if not args.question:
        raise CLIError("give a QUESTION, or --jsonl to read questions from stdin")
    ans = a.ask(" ".join(args.question), args.k, args.doc or None, history=_history(args.history))
    print(json.dumps(ans.to_dict(), ensure_ascii=False) if args.json else render(ans))
    return 0


def cmd_ui(args: argparse.Namespace) -> int:
    from assistant.app.service import DEFAULT_EMBEDDER
    from assistant.app.webapp import launch
    from assistant.settings import current

    ui = current().ui
    launch(args.host or ui.host, args.port or ui.port, auth=args.auth,
           allow_upload=args.allow_upload or ui.uploads,
           corpus=args.corpus, index_dir=args.index, embedder=args.embedder or DEFAULT_EMBEDDER)
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from assistant.answer.brief import compile_brief, to_docx, to_markdown

    a = _open(args)
    _check_docs(a, args)
    brief = compile_brief(a, args.topic, args.k, args.doc or None)
    symbols = {d.doc_id: d.symbol for d in a.index.docs.values()}
    if args.out and args.out.suffix.lower() == ".docx":
        to_docx(brief, args.out, symbols)
        print(f"wrote {args.out}")
    elif args.out:
        args.out.write_text(to_markdown(brief, symbols), encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(to_markdown(brief, symbols))
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    from assistant.ingest.unitview import render

    print(render(args.file, decisions=not args.refs_only))
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from assistant.settings import current, describe

    for name, value, rng, why in describe(current()):
        print(f"{name} = {value!r}  {rng}  # {why}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="assistant", description="Cited answers from the IACML documents.")
    p.add_argument("--preset", type=Path, default=None, help="settings preset (TOML; see configs/)")
    p.add_argument("--set", action="append", default=[], metavar="GROUP.NAME=VALUE",
                   help="override one setting (repeatable); `assistant settings` lists them")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("settings", help="list every setting with its value, range and reason")
    s.set_defaults(func=cmd_settings)
    s = sub.add_parser("units", help="the units one file is cut into, with the reasons for each boundary")
    s.add_argument("file", type=Path)
    s.add_argument("--refs-only", action="store_true", help="only the refs and first words")
    s.set_defaults(func=cmd_units)
    s = sub.add_parser("index", help="read the corpus and build the index")
    _common(s)
    s.set_defaults(func=cmd_index)
    s = sub.add_parser("search", help="show the units retrieved for a query")
    s.add_argument("query")
    s.add_argument("-k", type=positive_int, default=10)
    s.add_argument("--doc", action="append", help="restrict to a document id (repeatable)")
    s.add_argument("--json", action="store_true")
    _common(s)
    s.set_defaults(func=cmd_search)
    s = sub.add_parser("ask", help="answer a question with cited paragraphs")
    s.add_argument("question", nargs="*")
    s.add_argument("-k", type=positive_int, default=8)
    s.add_argument("--doc", action="append", help="restrict to a document id (repeatable)")
    s.add_argument("--json", action="store_true")
    s.add_argument("--jsonl", action="store_true", help="read {id, question} lines on stdin")
    s.add_argument("--history", type=Path, help="JSON list of earlier turns {question, answer, "
                   "cids}; with --jsonl, for lines without their own \"history\"")
    _common(s)
    _llm_options(s)
    s.set_defaults(func=cmd_ask)
    s = sub.add_parser("eval", help="score the assistant on a known-answer set (point or broad questions)")
    s.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    s.add_argument("--reports", type=Path, default=Path("eval/reports"))
    s.add_argument("-k", type=positive_int, default=8)
    s.add_argument("--json", action="store_true")
    s.add_argument("--latency-ref", type=Path, default=None, metavar="FILE",
                   help="broad sets: also time this point set on the same run (warm p95 side by side)")
    _common(s)
    s.set_defaults(func=cmd_eval)
    s = sub.add_parser("compare", help="the naive LangChain pipeline and this one, side by side")
    s.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    s.add_argument("--reports", type=Path, default=Path("eval/reports"))
    s.add_argument("--index-root", type=Path, default=Path("index/compare"),
                   help="one index per embedder is kept here")
    s.add_argument("--ablation", action="store_true",
                   help="also score the assistant with its parts added one at a time")
    _common(s)
    s.set_defaults(func=cmd_compare)
    s = sub.add_parser("ui", help="serve the web assistant")
    s.add_argument("--host", default=None, help="default ui.host (127.0.0.1)")
    s.add_argument("--port", type=int, default=None, help="default ui.port (7860)")
    s.add_argument("--auth", default=None, help="user:password (required with a non-loopback --host)")
    s.add_argument("--allow-upload", action="store_true")
    _common(s)
    _llm_options(s)
    s.set_defaults(func=cmd_ui)
    s = sub.add_parser("brief", help="compile every cited paragraph on a topic")
    s.add_argument("topic")
    s.add_argument("-k", type=positive_int, default=12)
    s.add_argument("--doc", action="append")
    s.add_argument("--out", type=Path, help="write Markdown (.md) or Word (.docx)")
    _common(s)
    s.set_defaults(func=cmd_brief)
    s = sub.add_parser("fit-refusal", help="fit the refusal scorer on eval sets (leave-one-set-out CV)")
    s.add_argument("--questions", type=Path, action="append", help="question file (repeatable; "
                   "default: the seven IACML sets)")
    s.add_argument("--write", action="store_true", help="write the fitted model for this embedder")
    _common(s)
    s.set_defaults(func=cmd_fit_refusal)
    s = sub.add_parser("fit-relevance", help="fit which paragraphs a topic answer keeps, on broad sets "
                       "(leave-one-set-out CV)")
    s.add_argument("--questions", type=Path, action="append", help="broad question file (repeatable; "
                   "default: the broad sets in eval/)")
    s.add_argument("--write", action="store_true", help="write the fitted model for this embedder "
                   "(only when it beats the margins held out)")
    _common(s)
    s.set_defaults(func=cmd_fit_relevance)
    s = sub.add_parser("fit-fusion", help="fit the fusion weights on eval sets (leave-one-set-out CV)")
    s.add_argument("--questions", type=Path, action="append", help="question file (repeatable; "
                   "default: the seven IACML sets)")
    s.add_argument("--write", action="store_true", help="write configs/EMBEDDER.toml")
    _common(s)
    s.set_defaults(func=cmd_fit_fusion)
    s = sub.add_parser("bench", help="measure cold start, latency, build, search at scale, load")
    _common(s)
    add_bench_arguments(s)
    s.set_defaults(func=cmd_bench)
    return p


def _debug() -> bool:
    from assistant.settings import current

    try:
        return current().runtime.debug
    except Exception:  # the settings themselves may be what failed
        return False


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        from assistant import settings

        settings.use(settings.load(args.preset, args.set + getattr(args, "set_here", []) + _llm_sets(args)))
        _fill_paths(args, settings.current().paths)
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below, not at exit
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `assistant search ... | head`: the reader has left; stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the final flush at exit does not complain
        return 0
    except Exception as e:  # one line with what to do, never a traceback
        if _debug():
            raise
        print(f"assistant {args.cmd}: {type(e).__name__}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
