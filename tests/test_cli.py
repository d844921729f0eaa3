import json
import subprocess
import sys
from pathlib import Path

from .conftest import CORPUS, ROOT


def _run(*args: str, stdin: str = "", env_index: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "assistant.cli", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_help_does_not_import_heavy_libraries():
    code = ("import sys\nfrom assistant import cli\n"
            "try:\n    cli.main(['--help'])\nexcept SystemExit: pass\n"
            "heavy = ('torch', 'faiss', 'gradio', 'sentence_transformers')\n"
            "print(sorted(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip().endswith("[]")


def test_ask_jsonl_contract(tmp_path: Path):
    lines = "\n".join([json.dumps({"id": 1, "question": "What is in paragraph 13?"}),
                       "not json", json.dumps({"id": "b", "question": "zebra volcano spaghetti"})])
    out = _run("ask", "--jsonl", "-k", "3", "--embedder", "fake", "--corpus", str(CORPUS),
               "--index", str(tmp_path / "idx"), stdin=lines)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert [r.get("id") for r in rows] == [1, None, "b"]
    first = rows[0]
    assert set(first) >= {"id", "question", "answered", "answer", "citations", "hits"}
    assert first["answered"] is True and first["citations"][0]["ref"] == "¶13"
    assert set(first["citations"][0]) >= {"doc_id", "doc_title", "ref", "quote", "text"}
    assert set(first["hits"][0]) == {"doc_id", "ref", "text", "score"}
    assert "error" in rows[1] and rows[2]["answered"] is False


def test_errors_are_one_line_without_traceback(tmp_path: Path):
    out = _run("ask", "hello", "--embedder", "fake", "--corpus", str(tmp_path / "missing"),
               "--index", str(tmp_path / "idx"))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "corpus folder not found" in out.stderr
    out = _run("eval", "--questions", str(tmp_path / "none.jsonl"), "--embedder", "fake")
    assert out.returncode == 2 and "question file not found" in out.stderr



def test_settings_are_listed_and_set_from_the_command_line():
    out = _run("--set", "retrieval.rerank_top=3", "settings")
    assert out.returncode == 0 and "retrieval.rerank_top = 3" in out.stdout
    assert "limits.question_chars = 2000" in out.stdout
    bad = _run("search", "inspection", "--set", "retrieval.w_named=99", "--embedder", "fake",
               "--corpus", str(CORPUS))
    assert bad.returncode == 2 and "SettingsError" in bad.stderr and "range" in bad.stderr
