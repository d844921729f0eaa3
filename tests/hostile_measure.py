"""Each case of issue 23 run on its own, with its outcome and time (the closing table).

    python -m tests.hostile_measure [--embedder fake] [--cap 120]

Corpus cases: the bundled corpus plus one hostile entry, built by a real `assistant index`
child process (killed after --cap seconds); the outcome is the entry's skip reason or
"indexed", and whether paragraph 13 still answers afterwards. Question and --jsonl cases
run in this process on one assistant.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .conftest import CORPUS, ROOT, child_env
from .hostile import jsonl_lines, make_hostile

CHECK = "What does paragraph 13 say?"


def _one_entry_corpora(base: Path) -> list[tuple[str, Path, str]]:
    """(case, corpus folder, entry name) per hostile entry, each with the bundled corpus."""
    every = base / "every"
    make_hostile(every / "corpus", every / "outside")
    out = []
    names = sorted(p.name for p in (every / "corpus").iterdir() if not (CORPUS / p.name).exists())
    for i, name in enumerate(names):
        corpus = base / f"c{i}"
        shutil.copytree(CORPUS, corpus)
        _copy_entry(every / "corpus", corpus, name, depth=2)
        if name == "rural-b.txt":  # a duplicate needs the file it duplicates
            _copy_entry(every / "corpus", corpus, "rural-a.txt", depth=1)
        out.append((name, corpus, name))
    return out


def _copy_entry(src_dir: Path, dst_dir: Path, name: str, depth: int) -> None:
    """One hostile entry as it is: a link (with the link or FIFO it names), a FIFO, a file."""
    src, dst = src_dir / name, dst_dir / name
    if dst.is_symlink() or dst.exists() or depth == 0:
        return
    if src.is_symlink():
        target = os.readlink(src)
        dst.symlink_to(target)
        if "/" not in target:
            _copy_entry(src_dir, dst_dir, target, depth - 1)
    elif src.is_fifo():
        os.mkfifo(dst)
    elif src.exists():
        shutil.copy(src, dst)


def _per_document(base: Path) -> list[tuple[str, Path, str]]:
    """The unbounded-work-per-document cases (issue 23, item 3)."""
    cases = {
        "10000-repeated-labels.txt": "".join(f"{i % 9 + 1}. Item about labor inspection.\n\n"
                                             for i in range(10_000)),
        "2MB-token.txt": "1. " + "a" * 2_000_000 + "\n",
        "10MB-one-line.txt": "1. " + "labor inspection " * 600_000 + "\n",
        "49MiB-text.txt": "".join(f"{i}. The ministers reviewed labor inspection in region {i}.\n\n"
                                  for i in range(1, 770_000)),
    }
    out = []
    for name, text in cases.items():
        corpus = base / f"d-{name}"
        shutil.copytree(CORPUS, corpus)
        (corpus / name).write_text(text, encoding="utf-8")
        out.append((name, corpus, name))
    return out


def _build(corpus: Path, index_dir: Path, embedder: str, cap: float) -> tuple[str, float, str]:
    cmd = [sys.executable, "-m", "assistant.cli", "index", "--embedder", embedder,
           "--corpus", str(corpus), "--index", str(index_dir)]
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, encoding="utf-8", errors="replace", cwd=ROOT,
                              timeout=cap,
                              env=child_env(ASSISTANT_PARSE_TIMEOUT="10",
                                            ASSISTANT_PARSE_TARGET="tests.hostile:pathological_read"))
    except subprocess.TimeoutExpired:
        return "not done", time.perf_counter() - t0, f"killed after {cap:g} s"
    secs = time.perf_counter() - t0
    if done.returncode:
        return "build failed", secs, done.stderr.strip().splitlines()[-1][:120]
    return "built", secs, done.stdout


def _still_answers(corpus: Path, index_dir: Path, embedder: str) -> bool:
    cmd = [sys.executable, "-m", "assistant.cli", "ask", "--json", CHECK, "--embedder", embedder,
           "--corpus", str(corpus), "--index", str(index_dir)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300, env=child_env())
    try:
        return bool(json.loads(done.stdout)["answered"])
    except (ValueError, KeyError):
        return False


def corpus_rows(base: Path, embedder: str, cap: float) -> list[tuple[str, str, float, str]]:
    rows = []
    for i, (case, corpus, name) in enumerate(_one_entry_corpora(base) + _per_document(base)):
        index_dir = base / f"idx-{i}"
        status, secs, out = _build(corpus, index_dir, embedder, cap)
        outcome = status
        if status == "built":
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            skipped = [ln for ln in out.splitlines() if ln.startswith(f"skipped {shown}:")]
            outcome = next((ln.split(":")[1].split("—")[0].strip() for ln in skipped), "indexed")
        answers = _still_answers(corpus, index_dir, embedder)
        rows.append((case.encode("utf-8", "surrogateescape").decode("utf-8", "replace"),
                     outcome if status == "built" else f"{status}: {out}", secs,
                     "good docs answer" if answers else "GOOD DOCS DO NOT ANSWER"))
    return rows


def question_rows(embedder: str) -> list[tuple[str, str, float, str]]:
    from assistant.app import jsonl
    from assistant.app.service import open_assistant

    tmp = Path(tempfile.mkdtemp(prefix="hostile-q-"))
    a = open_assistant(CORPUS, tmp / "idx", embedder, quiet=True)
    rows = []
    cases = [json.loads(x) for x in (ROOT / "tests/hostile/questions.jsonl").read_text("utf-8").splitlines()]
    for size in (100_000, 1_000_000, 10_000_000):
        cases.append({"case": f"{size // 1000} KB question", "question": "labor inspection " * (size // 17)})
    for c in cases:
        t0 = time.perf_counter()
        ans = a.ask(c["question"])
        rows.append((f"ask: {c['case']}", f"answered={ans.answered} reason={ans.reason or '-'} "
                     f"citations={len(ans.citations)}", time.perf_counter() - t0, ""))
    for raw, _qid, kind in jsonl_lines():
        out = io.BytesIO()
        t0 = time.perf_counter()
        jsonl.run(io.BytesIO(raw + b"\n"), out, lambda q: a.ask(q, 3))
        got = json.loads(out.getvalue())
        shown = raw[:40].decode("utf-8", "replace") + ("..." if len(raw) > 40 else "")
        what = f"error: {got['error'][:60]}" if "error" in got else f"answered={got['answered']}"
        rows.append((f"jsonl: {shown}", f"id={str(got.get('id'))[:12]} {what}", time.perf_counter() - t0,
                     "ok" if ("error" in got) is (kind == "error") else "UNEXPECTED"))
    shutil.rmtree(tmp, ignore_errors=True)
    return rows


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--embedder", default="fake")
    p.add_argument("--cap", type=float, default=120)
    p.add_argument("--only", choices=("corpus", "questions"), default=None)
    args = p.parse_args(argv)
    base = Path(tempfile.mkdtemp(prefix="hostile-measure-"))
    rows = []
    if args.only != "questions":
        rows += corpus_rows(base, args.embedder, args.cap)
    if args.only != "corpus":
        rows += question_rows(args.embedder)
    print("| case | outcome | seconds | after |\n|---|---|---|---|")
    for case, outcome, secs, after in rows:
        print(f"| {case} | {outcome} | {secs:.2f} | {after} |")
    shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
