"""Crashes, corruption and concurrent builds never cost the index.

The indexer runs as a real `assistant index` process with the fake embedder;
ASSISTANT_TEST_PAUSE_AT makes it wait at a named moment so it can be killed there.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.answer.answerer import Answerer
from assistant.models.embed import FakeEmbedder
from assistant.search.retrieve import Retriever
from assistant.store.index import IndexBusy, IndexProblem, LoadedIndex, build_index, load_index

from .conftest import ROOT
from .conftest import child_env as _env

FAKE = FakeEmbedder()
EXTRA = "## I. NEW\n\n1. The ministers met in Lima in 2030 to review labor migration.\n"


def _start(corpus: Path, index_dir: Path, **env: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "assistant.cli", "index", "--embedder", "fake",
           "--corpus", str(corpus), "--index", str(index_dir)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                            env=_env(**env))


def _wait_for(proc: subprocess.Popen[bytes], text: str, timeout: float = 30) -> str:
    """Read the child's stderr until `text` appears (raw reads: no buffering surprises)."""
    import select

    assert proc.stderr is not None
    fd, seen = proc.stderr.fileno(), b""
    deadline = time.monotonic() + timeout
    while text.encode() not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"{text!r} never came; stderr so far: {seen!r}"
        if select.select([fd], [], [], left)[0]:
            chunk = os.read(fd, 4096)
            assert chunk, f"the process ended before {text!r}: {seen!r}"
            seen += chunk
    return seen.decode()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL


def _answers_paragraph_13(idx: LoadedIndex) -> None:
    ans = Answerer(Retriever(idx, FAKE)).ask("What does paragraph 13 say?")
    assert ans.answered and [c.ref for c in ans.citations] == ["¶13"]
    assert "February 2022" in ans.text


# -- SIGKILL at every moment of a build ----------------------------------------------


@pytest.mark.parametrize("moment", ["locked", "ingesting", "ingested", "embedded", "writing",
                                    "before-switch"])
def test_sigkill_leaves_the_previous_index_answering(corpus_copy: Path, tmp_path: Path, moment: str):
    idx_dir = tmp_path / "idx"
    before = build_index(corpus_copy, idx_dir, FAKE)
    (corpus_copy / "extra.md").write_text(EXTRA)
    proc = _start(corpus_copy, idx_dir, ASSISTANT_TEST_PAUSE_AT=moment)
    _wait_for(proc, f"paused at {moment}")
    _kill(proc)
    after = load_index(idx_dir)
    assert after.path == before.path and len(after.units) == len(before.units)
    _answers_paragraph_13(after)
    # the lock died with the process, and the next build cleans the half-built folder
    rebuilt = build_index(corpus_copy, idx_dir, FAKE, lock_timeout=5)
    assert "doc-extra" in rebuilt.docs
    assert sorted(p.name for p in idx_dir.glob("gen-*")) == sorted([before.path.name, rebuilt.path.name])


# -- two builds at once ----------------------------------------------------------------


def test_a_second_build_waits_or_exits_with_a_named_error(corpus_copy: Path, tmp_path: Path):
    idx_dir = tmp_path / "idx"
    first = _start(corpus_copy, idx_dir, ASSISTANT_TEST_PAUSE_AT="locked")
    try:
        _wait_for(first, "paused at locked")
        said: list[str] = []
        with pytest.raises(IndexBusy, match=f"pid {first.pid}.*run it again"):
            build_index(corpus_copy, idx_dir, FAKE, lock_timeout=0.3, log=said.append)
        assert said and "waiting up to 0.3 s" in said[0]
        second = _start(corpus_copy, idx_dir, ASSISTANT_INDEX_WAIT="0.3")
        assert second.wait(60) == 2
        assert second.stderr is not None
        err = second.stderr.read().decode()
        assert "Traceback" not in err and "IndexBusy: another `assistant index`" in err
        waiter = _start(corpus_copy, idx_dir, ASSISTANT_INDEX_WAIT="60")
        _wait_for(waiter, "waiting up to 60 s")
        assert waiter.poll() is None  # it waits while the first one holds the lock
    finally:
        _kill(first)
    assert waiter.wait(60) == 0
    _answers_paragraph_13(load_index(idx_dir))


# -- byte flips and truncation on every file of a generation ---------------------------


def _two_generations(corpus: Path, idx_dir: Path) -> tuple[LoadedIndex, LoadedIndex]:
    older = build_index(corpus, idx_dir, FAKE)
    (corpus / "extra.md").write_text(EXTRA)
    return older, build_index(corpus, idx_dir, FAKE)


def _damages(data: bytes, rng: random.Random) -> list[bytes]:
    n = len(data)
    spots = sorted({0, 1, n // 3, n // 2, n - 1, *(rng.randrange(n) for _ in range(4))})
    flips = [data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:] for i in spots]
    return flips + [data[: n // 2], b""]


def test_damage_to_any_file_falls_back_to_the_previous_generation(corpus_copy: Path, tmp_path: Path):
    idx_dir = tmp_path / "idx"
    older, newer = _two_generations(corpus_copy, idx_dir)
    rng = random.Random(5)
    names = sorted(p.name for p in newer.path.iterdir())
    assert set(names) >= {"manifest.json", "docs.json", "units.jsonl", "vectors.faiss", "vectors.npy",
                          "sentences.json", "sentences.npy", "report.json"}
    for path in [newer.path / n for n in names] + [idx_dir / "CURRENT"]:
        original = path.read_bytes()
        for i, damaged in enumerate(_damages(original, rng)):
            path.write_bytes(damaged)
            said: list[str] = []
            got = load_index(idx_dir, log=said.append)
            if path.name == "CURRENT":  # the pointer is lost: the newest intact generation serves
                assert got.path in (older.path, newer.path) and said
            else:
                assert got.path == older.path, (path.name, damaged[:40])
                assert "Run `assistant index` to rebuild" in said[0] and older.path.name in said[0]
            if i == 0:
                _answers_paragraph_13(got)
        path.write_bytes(original)
    assert load_index(idx_dir).path == newer.path


def test_when_no_generation_is_intact_the_error_says_how_to_rebuild(corpus_copy: Path, tmp_path: Path):
    idx_dir = tmp_path / "idx"
    older, newer = _two_generations(corpus_copy, idx_dir)
    for gen in (older.path, newer.path):
        data = bytearray((gen / "vectors.faiss").read_bytes())
        data[100] ^= 0xFF
        (gen / "vectors.faiss").write_bytes(bytes(data))
    with pytest.raises(IndexProblem, match="no usable index.*vectors.faiss is damaged.*assistant index"):
        load_index(idx_dir)
    with pytest.raises(IndexProblem, match="no index .* yet; run `assistant index`"):
        load_index(tmp_path / "empty")


def test_cli_serves_the_previous_generation_with_a_warning(corpus_copy: Path, tmp_path: Path):
    idx_dir = tmp_path / "idx"
    older, newer = _two_generations(corpus_copy, idx_dir)
    (newer.path / "vectors.faiss").write_bytes(b"\0" * 64)
    cmd = [sys.executable, "-m", "assistant.cli", "ask", "What does paragraph 13 say?", "--embedder",
           "fake", "--corpus", str(corpus_copy), "--index", str(idx_dir)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=60, env=_env())
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert "warning:" in out.stderr and older.path.name in out.stderr
    assert "February 2022" in out.stdout


# -- a rebuild that fails on a stale corpus (issue 23) ---------------------------------


def test_a_full_disk_keeps_the_previous_generation_and_leaves_nothing_half_written(
        corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import errno

    from assistant.store import generations
    from assistant.store.index import ensure_index

    idx_dir = tmp_path / "idx"
    good = build_index(corpus_copy, idx_dir, FAKE)
    (corpus_copy / "new.md").write_text(EXTRA, encoding="utf-8")  # the corpus is now stale

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(generations, "write_atomic", full)
    with pytest.raises(IndexProblem, match="could not write the new index.*No space left"):
        build_index(corpus_copy, idx_dir, FAKE)
    assert sorted(p.name for p in idx_dir.glob("gen-*")) == [good.path.name]
    logs: list[str] = []
    served = ensure_index(corpus_copy, idx_dir, FAKE, log=logs.append)
    assert served.path == good.path
    assert any(m.startswith("warning: the index could not be rebuilt") and good.path.name in m for m in logs)
    _answers_paragraph_13(served)


def test_a_build_over_its_time_limit_stops_and_ask_serves_the_last_good_generation(
        corpus_copy: Path, tmp_path: Path):
    idx_dir = tmp_path / "idx"
    good = build_index(corpus_copy, idx_dir, FAKE)
    (corpus_copy / "pathological-loop.txt").write_text("1. loops\n")  # 3 s to time out its parser
    env = _env(ASSISTANT_PARSE_TARGET="tests.hostile:pathological_read", ASSISTANT_PARSE_TIMEOUT="3",
               ASSISTANT_LIMITS_BUILD_SECONDS="1")
    base = [sys.executable, "-m", "assistant.cli"]
    where = ["--embedder", "fake", "--corpus", str(corpus_copy), "--index", str(idx_dir)]
    out = subprocess.run([*base, "index", *where], capture_output=True, text=True, cwd=ROOT, timeout=60,
                         env=env)
    assert out.returncode == 2 and "BuildTimeout" in out.stderr and "limits.build_seconds" in out.stderr
    assert (idx_dir / "CURRENT").read_text() == good.path.name
    out = subprocess.run([*base, "ask", "What does paragraph 13 say?", *where], capture_output=True,
                         text=True, cwd=ROOT, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    assert "warning: the index could not be rebuilt (BuildTimeout" in out.stderr
    assert "February 2022" in out.stdout


def test_a_server_follows_a_newer_generation_and_keeps_the_one_it_holds(corpus_copy: Path, tmp_path: Path):
    from assistant.app.service import open_assistant, refreshed
    from assistant.store.generations import hold, newer_generation

    idx_dir = tmp_path / "idx"
    a = open_assistant(corpus_copy, idx_dir, "fake", quiet=True, reranker="none")
    assert refreshed(a) is a and newer_generation(idx_dir, a.index.path) is None
    (corpus_copy / "new.md").write_text(EXTRA, encoding="utf-8")
    assert not a.ask("When did the ministers meet in Lima to review labor migration?").answered
    build_index(corpus_copy, idx_dir, FAKE)  # another process builds
    b = refreshed(a)
    assert b is not a and b.index.path == newer_generation(idx_dir, a.index.path)
    assert b.ask("When did the ministers meet in Lima to review labor migration?").answered
    hold(idx_dir, a.index.path)  # this process answers from the first generation again
    (corpus_copy / "new.md").write_text(EXTRA + "\n2. A second paragraph.\n", encoding="utf-8")
    build_index(corpus_copy, idx_dir, FAKE)
    (corpus_copy / "new.md").write_text(EXTRA + "\n3. A third paragraph.\n", encoding="utf-8")
    build_index(corpus_copy, idx_dir, FAKE)
    assert a.index.path.is_dir()  # two builds later: kept, because it is held


def test_a_build_reports_its_progress(corpus_copy: Path, tmp_path: Path):
    seen: list[tuple[str, int, int]] = []
    build_index(corpus_copy, tmp_path / "idx", FAKE, progress=lambda *t: seen.append(t))
    stages = [s for s, _, _ in seen]
    assert {"reading", "units", "embedding"} <= set(stages)
    assert stages.index("reading") < stages.index("units") < stages.index("embedding")
    for stage in ("reading", "embedding"):
        last = [t for t in seen if t[0] == stage][-1]
        assert last[1] == last[2] > 0


def test_a_generation_with_a_list_as_a_title_is_refused_by_name(corpus_copy: Path, tmp_path: Path):
    """Built by an older version from a metadata title that was a list: it must not load and
    then fail every answer with a TypeError."""
    import hashlib
    import json

    from assistant.store.generations import manifest_bytes, read_manifest

    idx = build_index(corpus_copy, tmp_path / "idx", FAKE)
    docs = json.loads((idx.path / "docs.json").read_text(encoding="utf-8"))
    docs[0]["title"] = ["a", "list"]
    data = json.dumps(docs).encode()
    (idx.path / "docs.json").write_bytes(data)
    manifest = read_manifest(idx.path)
    manifest["files"]["docs.json"] = hashlib.sha256(data).hexdigest()
    (idx.path / "manifest.json").write_bytes(manifest_bytes({k: v for k, v in manifest.items()
                                                             if k != "checksum"}))
    with pytest.raises(IndexProblem, match="docs.json: title is a list"):
        load_index(tmp_path / "idx")
