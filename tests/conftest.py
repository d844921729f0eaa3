"""Shared fixtures: the real documents, a fake embedder, and a small assistant built on it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# Tests on the fake embedder check our own logic, in milliseconds: no cross-encoder.
# The real-model tests ask for the service's default reranker by name.
os.environ.setdefault("ASSISTANT_RERANK", "none")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "ingest"
PLAN = CORPUS / "plan-of-action-buenos-aires-2021.txt"
QUITO = CORPUS / "wg2-summary-quito-2019.md"


@pytest.fixture(autouse=True)
def fresh_settings():
    """Each test reads the settings afresh (after its monkeypatch.setenv), and leaves none
    behind: the CLI's --set and the tests' settings.use() are per test."""
    from assistant import settings

    settings._CURRENT = None
    yield
    settings._CURRENT = None


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child Python that must import this checkout's code and tests."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)] + sys.path)
    env.update(extra)
    return env


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled corpus that a test may change."""
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst


@pytest.fixture(scope="session")
def fake_assistant(tmp_path_factory: pytest.TempPathFactory):
    from assistant.app.service import open_assistant

    index_dir = tmp_path_factory.mktemp("fake-index")
    return open_assistant(CORPUS, index_dir, "fake", quiet=True)


@pytest.fixture(scope="session")
def real_assistant(tmp_path_factory: pytest.TempPathFactory):
    """The real model on the real documents (built once per test session)."""
    from assistant.app.service import DEFAULT_EMBEDDER, DEFAULT_RERANKER, open_assistant

    index_dir = tmp_path_factory.mktemp("real-index")
    return open_assistant(CORPUS, index_dir, DEFAULT_EMBEDDER, quiet=True, reranker=DEFAULT_RERANKER)
