"""`assistant bench`: the JSON report's fields and sanity, the synthetic path, the load test."""

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.cli import main
from assistant.evaluation.perf import report
from assistant.evaluation.perf.load import check_answer, load_test
from assistant.evaluation.perf.realcorpus import questions
from assistant.evaluation.perf.search import measure, percentile
from assistant.evaluation.perf.vectors import random_unit, scaled
from assistant.store import index as index_mod

from .conftest import CORPUS, ROOT

QUESTIONS = ROOT / "eval" / "questions.jsonl"


def test_synthetic_search_goes_through_make_faiss(monkeypatch: pytest.MonkeyPatch):
    calls = []
    real = index_mod.make_faiss

    def spy(vectors):
        calls.append(len(vectors))
        return real(vectors)

    monkeypatch.setattr(index_mod, "make_faiss", spy)
    vecs = scaled(random_unit(40, 32), 1000)
    out = measure(vecs, scaled(random_unit(40, 32), 20, seed=5))
    assert calls == [1000]
    assert out["index"]["type"] == "IndexFlatIP" and out["recall_at_10"] == 1.0
    assert 0 < out["search_ms_p50"] <= out["search_ms_p95"]


def test_bench_json_has_the_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["bench", "--embedder", "fake", "--parts", "build,warm,search", "--sizes", "10000",
                 "--corpus", str(CORPUS), "--index", str(tmp_path / "idx"), "--questions", str(QUESTIONS),
                 "--out", str(tmp_path / "reports"), "--json"])
    assert code == 0
    res = json.loads(capsys.readouterr().out)
    saved = json.loads(next((tmp_path / "reports").glob("bench-*.json")).read_text())
    assert saved == res and res["embedder"] == "fake"
    b, w = res["build"], res["warm"]
    assert b["units"] > 100 and b["units_per_s"] > 0 and b["peak_rss_mb"] > 10
    assert w["questions"] == len(questions(QUESTIONS))
    assert 0 < w["answer_ms_p50"] <= w["answer_ms_p95"]
    (s,) = res["search"]["sizes"]
    assert s["units"] == 10_000 and s["index"]["type"] == "IndexFlatIP" and s["recall_at_10"] == 1.0
    assert s["queries"] == w["questions"] and s["peak_rss_mb"] > 0
    assert s["estimated_full_build_s"] > s["build_s"]
    text = report.table(res)
    assert "warm answer p50 / p95" in text and "search 10,000 units: IndexFlatIP" in text


def test_bench_refuses_unknown_parts(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["bench", "--embedder", "fake", "--parts", "warm,nonsense"]) == 2
    assert "nonsense" in capsys.readouterr().err


def test_check_answer_reads_the_answer():
    good = {"question": "q", "answered": True, "answer": "a", "citations": [], "hits": []}
    assert check_answer(good, "q") is None
    assert "belong" in str(check_answer(good, "other question"))
    assert "missing" in str(check_answer({"question": "q"}, "q"))
    assert "not a dict" in str(check_answer("error", "q"))


def test_percentile_is_nearest_rank():
    xs = [float(x) for x in range(1, 101)]
    assert percentile(xs, 50) in (50.0, 51.0) and percentile(xs, 95) in (95.0, 96.0)
    assert np.isnan(percentile([], 95))


def test_load_test_smoke_against_the_ui(tmp_path: Path):
    """3 users for 5 s against a real `assistant ui` child process (fake embedder)."""
    res = load_test(questions(QUESTIONS)[:20], users=3, seconds=5, corpus=CORPUS,
                    index_dir=tmp_path / "idx", embedder="fake")
    assert res["requests"] >= 3 and res["errors"] == 0, res["error_examples"]
    assert res["latency_ms_p50"] > 0 and res["queue"]["default_concurrency_limit"] >= 1
    assert res["server_cpu_ms_per_answer"] > 0
