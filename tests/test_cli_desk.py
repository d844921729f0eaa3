"""The CLI as a person meets it: unknown --doc ids named with the valid ones (exit 2),
search scores a person can read, and a quiet exit when the reader of a pipe leaves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.app.commands import match_percent

from .conftest import CORPUS, ROOT, child_env


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "assistant.cli", *args, "--embedder", "fake", "--corpus", str(CORPUS),
           "--index", str(tmp_path / "idx")]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env=child_env(ASSISTANT_RERANK="none"))


@pytest.mark.parametrize("verb", [["ask", "What does WG2 follow up on?"], ["search", "labor"],
                                  ["brief", "labor inspection"]])
def test_an_unknown_doc_id_is_named_with_the_valid_ones(tmp_path: Path, verb: list[str]) -> None:
    out = _run(tmp_path, *verb, "--doc", "quito", "--doc", "poa-ba-2021")
    assert out.returncode == 2 and out.stdout == ""
    assert "'quito'" in out.stderr and "poa-ba-2021, wg2-quito-2019" in out.stderr
    assert "'poa-ba-2021'" not in out.stderr  # only the unknown one is named as unknown


def test_search_shows_a_match_a_person_can_read(tmp_path: Path) -> None:
    out = _run(tmp_path, "search", "labor inspection", "-k", "5")
    lines = out.stdout.splitlines()
    assert out.returncode == 0 and len(lines) == 5
    assert "match 100%" in lines[0] and all("%" in line for line in lines)
    assert match_percent([-991.7, -995.0, -1000.2]) == [100, 61, 0] and match_percent([3.0]) == [100]


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    _run(tmp_path, "search", "labor")  # build the index first
    cmd = (f"{sys.executable} -m assistant.cli search labor -k 40 --embedder fake --corpus {CORPUS} "
           f"--index {tmp_path / 'idx'} | true")  # the reader leaves before the first line
    out = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True, cwd=ROOT,
                         timeout=300, env=child_env(ASSISTANT_RERANK="none"))
    assert "BrokenPipe" not in out.stderr and "Traceback" not in out.stderr and out.returncode == 0
