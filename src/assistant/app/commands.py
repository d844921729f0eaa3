"""The command line's reading and serving verbs (settings, units, index, search, ask, ui,
brief): thin calls into the library, kept apart from cli.py's parser. Heavy libraries
load inside the verbs, so `--help` stays instant."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


class CLIError(Exception):
    """A failure the user can fix; printed as one line."""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def open_for(args: argparse.Namespace, quiet: bool = False) -> Any:
    """The assistant over the verb's corpus, index and embedder."""
    from assistant.app.service import DEFAULT_EMBEDDER, open_assistant

    return open_assistant(getattr(args, "corpus", Path("ingest")), args.index,
                          args.embedder or DEFAULT_EMBEDDER, quiet=quiet)


def check_docs(a: Any, args: argparse.Namespace) -> None:
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
                      log=lambda s: None if s.startswith("skipped ") else log(s),
                      progress=terminal_bar(sys.stderr) if sys.stderr.isatty() else None)
    for name, rep in idx.report["documents"].items():
        print(f"{name}: {rep['paragraphs_in']} paragraphs -> {rep['units_out']} units "
              f"({rep['doc_id']}; dropped {len(rep['dropped'])})")
    for s in idx.report["skipped"]:
        print(f"skipped {s['file']}: {s['reason']} — {s['detail']}")
    print(f"{len(idx.units)} units indexed with {idx.manifest['embedder']} in {idx.path}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    a = open_for(args)
    check_docs(a, args)
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

    a = open_for(args, quiet=args.jsonl)
    check_docs(a, args)
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

    a = open_for(args)
    check_docs(a, args)
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
    from assistant.settings import current, listing, origins

    print("\n".join(listing(current(), origins())))
    return 0
