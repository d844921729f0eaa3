"""`ask --jsonl` answers every well-formed line whatever the others hold, writes
{"id", "line", "error"} for the rest, and its output is always strict JSON."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import settings
from assistant.app import jsonl
from assistant.types import Turn

from .conftest import CORPUS, ROOT
from .hostile import jsonl_lines


def _strict(line: bytes) -> dict:
    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(line.decode("utf-8"), parse_constant=no_constants)


def _run(fake_assistant, data: bytes) -> list[dict]:
    out = io.BytesIO()
    jsonl.run(io.BytesIO(data), out, lambda q, h: fake_assistant.ask(q, 3, history=h))
    return [_strict(line) for line in out.getvalue().splitlines()]


def test_every_hostile_line_gets_its_own_answer_or_error(fake_assistant):
    cases = jsonl_lines()
    rows = _run(fake_assistant, b"\n".join(raw for raw, _, _ in cases) + b"\n")
    assert len(rows) == len(cases)
    for row, (raw, qid, kind) in zip(rows, cases, strict=True):
        assert row.get("id") == qid, raw[:80]
        assert ("error" in row) is (kind == "error"), raw[:80]
    assert rows[0]["answered"] and rows[-1]["answered"]  # the lines after the bad ones still answer


def test_a_failing_answer_costs_only_its_line(fake_assistant):
    def ask(q: str, h: tuple = ()):
        if "boom" in q:
            raise RuntimeError("the model fell over")
        return fake_assistant.ask(q)

    out = io.BytesIO()
    data = b'{"id": 1, "question": "boom"}\n{"id": 2, "question": "What does paragraph 13 say?"}\n'
    assert jsonl.run(io.BytesIO(data), out, ask) == 1
    first, second = (_strict(x) for x in out.getvalue().splitlines())
    assert first == {"id": 1, "line": 1, "error": "RuntimeError: the model fell over"}
    assert second["id"] == 2 and second["answered"]


def test_a_line_over_the_limit_is_skipped_without_being_held(fake_assistant):
    before = settings.current()
    try:
        settings.use(before.with_values({"limits.jsonl_line_bytes": "100"}))
        data = (b'{"id": 1, "question": "' + b"x" * 100_000 + b'"}\n'
                b'{"id": 2, "question": "What does paragraph 13 say?"}\n')
        rows = _run(fake_assistant, data)
    finally:
        settings.use(before)
    assert rows[0]["error"].startswith("too-long") and rows[0]["line"] == 1
    assert rows[1]["id"] == 2 and rows[1]["answered"]


@pytest.mark.parametrize("raw,why", [
    (b'{"id": NaN, "question": "q"}', "not-json"),
    (b"[" * 50_000, "too-deep"),
    (b'{"id": 1, "question": null}', "bad-question"),
    (b"\xc3\x28", "invalid-utf8"),
])
def test_parse_names_what_is_wrong(raw: bytes, why: str):
    with pytest.raises(jsonl.BadRequest, match=why):
        jsonl.parse(raw)


def test_a_line_carries_its_conversation_and_a_follow_up_says_what_it_took():
    seen: list[tuple] = []

    def ask(q: str, h: tuple):
        seen.append((q, h))
        raise RuntimeError("stop here")

    data = ('{"id": 1, "question": "and in Lima?", "history": [{"question": "What was decided in '
            'Oslo?", "cids": ["d ¶1"]}]}\n{"id": 2, "question": "alone"}\n').encode()
    jsonl.run(io.BytesIO(data), io.BytesIO(), ask, default_history=(Turn("from the file"),))
    assert seen[0] == ("and in Lima?", (Turn("What was decided in Oslo?", "", ("d ¶1",)),))
    assert seen[1] == ("alone", (Turn("from the file"),))  # no history of its own: the file's


def test_a_follow_up_line_is_answered_against_its_history(fake_assistant):
    first = _run(fake_assistant, b'{"id": 1, "question": "What does paragraph 13 say?"}\n')[0]
    line = json.dumps({"id": 2, "question": "and paragraph 14?", "history": [
        {"question": "What does paragraph 13 say?", "answer": first["answer"],
        "cids": [f"{c['doc_id']} {c['ref']}" for c in first["citations"]]}]})
    row = _run(fake_assistant, line.encode() + b"\n")[0]
    assert row["id"] == 2 and row.get("carried"), row


@pytest.mark.parametrize("history", ['{"question": "q"}', '[{"answer": "a"}]',
                                     '[{"question": "q", "cids": [1]}]'])
def test_a_malformed_history_costs_only_its_line(fake_assistant, history: str):
    data = ('{"id": 7, "question": "q", "history": ' + history + '}\n'
            '{"id": 8, "question": "What does paragraph 13 say?"}\n').encode()
    bad, good = _run(fake_assistant, data)
    assert bad["id"] == 7 and bad["error"].startswith("bad request: bad-history")
    assert good["id"] == 8 and good["answered"]


def test_cli_reads_raw_bytes_and_writes_strict_json(tmp_path: Path):
    cases = jsonl_lines()
    cmd = [sys.executable, "-m", "assistant.cli", "ask", "--jsonl", "-k", "3", "--embedder", "fake",
           "--corpus", str(CORPUS), "--index", str(tmp_path / "idx")]
    out = subprocess.run(cmd, input=b"\n".join(raw for raw, _, _ in cases), capture_output=True,
                         cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [_strict(line) for line in out.stdout.splitlines()]
    assert [r.get("id") for r in rows] == [qid for _, qid, _ in cases]


def test_k_below_one_is_a_usage_error(tmp_path: Path):
    for verb in (["ask", "q"], ["search", "q"], ["brief", "q"], ["eval"]):
        out = subprocess.run([sys.executable, "-m", "assistant.cli", *verb, "-k", "0"],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert out.returncode == 2 and "must be 1 or more" in out.stderr, verb
