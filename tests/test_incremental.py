"""Adding, changing or removing one document embeds only that document, and the
result equals a full rebuild."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.models.embed import FakeEmbedder, Kind
from assistant.store.index import LoadedIndex, build_index
from assistant.textnorm import sentences

FAKE = FakeEmbedder()
QUERIES = ["labor inspection of migrant workers", "social dialogue", "Lima 2030 ministers",
           "youth employment and training", "What does paragraph 13 say?"]


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, remembering every text it was asked to embed."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        self.texts.extend(texts)
        return super().embed(texts, kind)


def _assert_same(inc: LoadedIndex, full: LoadedIndex) -> None:
    assert inc.units == full.units and inc.docs == full.docs
    assert np.allclose(np.load(inc.path / "vectors.npy"), np.load(full.path / "vectors.npy"))
    assert inc.sent_text == full.sent_text and np.array_equal(inc.sent_unit, full.sent_unit)
    assert np.allclose(inc.sent_vecs, full.sent_vecs)
    q = FAKE.embed(QUERIES, "query")
    inc_scores, inc_rows = inc.faiss_index.search(q, 10)
    full_scores, full_rows = full.faiss_index.search(q, 10)
    assert np.array_equal(inc_rows, full_rows) and np.allclose(inc_scores, full_scores)


def _texts_of(idx: LoadedIndex, doc_id: str) -> list[str]:
    units = [u for u in idx.units if u.doc_id == doc_id]
    return [u.embed_text() for u in units] + [s for u in units for s in sentences(u.text)]


def _add(corpus: Path) -> str:
    (corpus / "lima.md").write_text("# Lima meeting\n\n1. The ministers met in Lima in 2030.\n\n"
                                    "2. They reviewed labor migration and youth employment. Training too.\n")
    return "doc-lima"


def _change(corpus: Path) -> str:
    plan = corpus / "plan-of-action-buenos-aires-2021.txt"
    plan.write_text(plan.read_text() + "\n\n40. The ministers will also meet in Lima in 2030.\n")
    return "poa-ba-2021"


def _remove(corpus: Path) -> str:
    (corpus / "wg2-summary-quito-2019.md").unlink()
    return ""


def _retitle(corpus: Path) -> str:
    meta = json.loads((corpus / "metadata.json").read_text())
    meta["documents"]["wg2-summary-quito-2019.md"]["title"] = "A new title"
    (corpus / "metadata.json").write_text(json.dumps(meta))
    return ""


@pytest.mark.parametrize("edit", [_add, _change, _remove, _retitle])
def test_one_document_changed_embeds_only_it_and_equals_a_full_rebuild(corpus_copy: Path,
                                                                       tmp_path: Path, edit):
    counting = CountingEmbedder()
    build_index(corpus_copy, tmp_path / "inc", counting)
    counting.texts.clear()
    changed = edit(corpus_copy)
    inc = build_index(corpus_copy, tmp_path / "inc", counting)
    full = build_index(corpus_copy, tmp_path / "full", FAKE)
    _assert_same(inc, full)
    expected = _texts_of(full, changed) if changed else []
    assert sorted(counting.texts) == sorted(expected)
    assert inc.manifest["embedded_documents"] == ([changed] if changed else [])


def test_another_embedder_or_a_damaged_previous_generation_embeds_everything(corpus_copy: Path,
                                                                               tmp_path: Path):
    counting = CountingEmbedder()
    first = build_index(corpus_copy, tmp_path / "inc", counting)
    (first.path / "vectors.npy").write_bytes(b"garbage")
    counting.texts.clear()
    said: list[str] = []
    again = build_index(corpus_copy, tmp_path / "inc", counting, log=said.append)
    assert len(counting.texts) == len(again.units) + len(again.sent_text)
    assert any("not reusing vectors" in s for s in said)
