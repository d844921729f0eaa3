"""The command line: the parser, and `main`, which loads the settings and runs one verb.

The verbs are thin calls into the library (app/commands.py, evaluation/commands.py);
heavy libraries (torch, faiss, gradio) load inside them, so `--help` is instant.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from assistant.app.commands import (
    cmd_ask,
    cmd_brief,
    cmd_index,
    cmd_search,
    cmd_settings,
    cmd_ui,
    cmd_units,
)
from assistant.evaluation.commands import (
    cmd_bench,
    cmd_compare,
    cmd_eval,
    cmd_fit_fusion,
    cmd_fit_refusal,
    cmd_fit_relevance,
)
from assistant.evaluation.perf.command import add_bench_arguments

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
Verbs = Any  # argparse's _SubParsersAction, which it does not export


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


def _reading_verbs(sub: Verbs) -> None:
    s = sub.add_parser("settings", help="list every setting with its value, range, origin and reason")
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


def _serving_verbs(sub: Verbs) -> None:
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


def _evaluation_verbs(sub: Verbs) -> None:
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


def _tuning_verbs(sub: Verbs) -> None:
    """Fitting the learned parts on the evaluation sets, and measuring the machine."""
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
    s.add_argument("--write", action="store_true", help="write the embedder's preset, "
                   "PRESETS/EMBEDDER.toml (settings paths.presets, default configs/)")
    _common(s)
    s.set_defaults(func=cmd_fit_fusion)
    s = sub.add_parser("bench", help="measure cold start, latency, build, search at scale, load")
    _common(s)
    add_bench_arguments(s)
    s.set_defaults(func=cmd_bench)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="assistant", description="Cited answers from the IACML documents.")
    p.add_argument("--preset", type=Path, default=None, help="settings preset (TOML; see configs/)")
    p.add_argument("--set", action="append", default=[], metavar="GROUP.NAME=VALUE",
                   help="override one setting (repeatable); `assistant settings` lists them")
    sub = p.add_subparsers(dest="cmd", required=True)
    # the verbs in the order --help has always listed them
    _reading_verbs(sub)
    _evaluation_verbs(sub)
    _serving_verbs(sub)
    _tuning_verbs(sub)
    return p


def _debug() -> bool:
    from assistant.settings import current

    try:
        return current().runtime.debug
    except Exception:  # the settings themselves may be what failed
        return False


def _load_settings(args: argparse.Namespace) -> None:
    """--preset/--set (before or after the verb) and --llm*, over the preset of the embedder
    the verb uses (--embedder, else paths.embedder)."""
    from assistant import settings

    loaded = settings.resolve(args.preset, args.set + getattr(args, "set_here", []) + _llm_sets(args),
                              embedder=getattr(args, "embedder", None))
    settings.use(loaded.settings, loaded.origins)
    _fill_paths(args, loaded.settings.paths)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        _load_settings(args)
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
