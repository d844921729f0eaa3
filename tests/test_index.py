import json
from pathlib import Path

import numpy as np
import pytest

from assistant.models.embed import FakeEmbedder
from assistant.store.index import (
    IndexProblem,
    build_index,
    current_generation,
    ensure_index,
    load_generation,
    staleness,
)

FAKE = FakeEmbedder()


def test_build_writes_plain_files_and_a_manifest(corpus_copy: Path, tmp_path: Path):
    idx = build_index(corpus_copy, tmp_path / "idx", FAKE)
    gen = current_generation(tmp_path / "idx")
    assert gen == idx.path
    m = json.loads((gen / "manifest.json").read_text())
    assert m["embedder"] == "fake" and m["dim"] == FAKE.dim and m["units"] == len(idx.units)
    assert set(m["corpus"]) == {"metadata.json", "plan-of-action-buenos-aires-2021.txt",
                                "wg2-summary-quito-2019.md"}
    assert set(m["files"]) >= {"units.jsonl", "vectors.faiss", "docs.json"}
    assert not list(gen.glob("*.pkl"))
    assert {d for d in idx.docs} == {"poa-ba-2021", "wg2-quito-2019"}


def test_faiss_matches_brute_force(corpus_copy: Path, tmp_path: Path):
    idx = build_index(corpus_copy, tmp_path / "idx", FAKE)
    vecs = FAKE.embed([u.embed_text() for u in idx.units])
    q = FAKE.embed(["labor inspection of migrant workers"], "query")
    scores, rows = idx.faiss_index.search(q, 10)
    brute = vecs @ q[0]
    order = np.argsort(-brute, kind="stable")[:10]
    assert np.allclose(scores[0], brute[order], atol=1e-5)
    assert set(rows[0]) == set(order) or np.allclose(np.sort(brute[rows[0]]), np.sort(brute[order]))


def test_rebuilds_when_corpus_or_embedder_changes(corpus_copy: Path, tmp_path: Path):
    idx_dir = tmp_path / "idx"
    first = ensure_index(corpus_copy, idx_dir, FAKE)
    assert staleness(corpus_copy, idx_dir, "fake") == ""
    assert staleness(corpus_copy, idx_dir, "minilm").startswith("embedder changed")
    (corpus_copy / "extra.md").write_text("## I. NEW\n\nThe ministers met in Lima in 2030.\n")
    assert staleness(corpus_copy, idx_dir, "fake") == "corpus changed"
    second = ensure_index(corpus_copy, idx_dir, FAKE)
    assert second.path != first.path and len(second.units) == len(first.units) + 1
    assert first.path.exists()  # the previous generation is kept


def test_damaged_file_is_refused_with_a_named_error(corpus_copy: Path, tmp_path: Path):
    idx = build_index(corpus_copy, tmp_path / "idx", FAKE)
    data = bytearray((idx.path / "vectors.faiss").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (idx.path / "vectors.faiss").write_bytes(bytes(data))
    with pytest.raises(IndexProblem, match="damaged.*assistant index"):
        load_generation(idx.path)


def test_one_bad_file_does_not_stop_the_rest(corpus_copy: Path, tmp_path: Path):
    (corpus_copy / "broken.pdf").write_bytes(b"%PDF-1.4 garbage\n%%EOF\n")
    (corpus_copy / "notes.xyz").write_text("?")
    idx = build_index(corpus_copy, tmp_path / "idx", FAKE)
    assert {s["file"]: s["reason"] for s in idx.report["skipped"]} == {
        "broken.pdf": "unreadable-pdf", "notes.xyz": "unknown-extension"}
    assert len(idx.docs) == 2


def test_metadata_file_overrides_inference_even_with_empty_values(corpus_copy: Path, tmp_path: Path):
    idx = build_index(corpus_copy, tmp_path / "idx", FAKE)
    # the plan cites "CIDI/doc.228/17" in ¶3, but its metadata entry says it has no symbol
    assert idx.docs["poa-ba-2021"].symbol == ""
    assert idx.docs["wg2-quito-2019"].symbol.startswith("CIMT-20/GT1-GT2/doc.10/19")
