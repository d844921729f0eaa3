"""fitfusion: re-fusing kept components, and a coordinate search that moves a knob
only when the objective strictly rises."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.evaluation import fitfusion
from assistant.settings import Retrieval
from assistant.types import DocMeta, Unit

UNITS = [Unit("doc-a", f"¶{i}", f"paragraph {i} of a", i) for i in range(3)] + \
        [Unit("doc-b", f"¶{i}", f"paragraph {i} of b", 3 + i) for i in range(3)]

DOCS = {d: DocMeta(d, f"title {d}", f"{d}.txt") for d in ("doc-a", "doc-b")}


def _case(gold: str, unit: list[float], lex: list[float], named: list[bool], set_name: str = "s1",
          cross: bool = False) -> fitfusion.Case:
    n = len(unit)
    return fitfusion.Case(set_name, gold, "what does it say", "what does it say", (gold,), cross,
                          np.arange(n), np.asarray(unit), np.asarray(unit), np.asarray(lex),
                          np.asarray(named), np.zeros(n, dtype=bool), [], [], frozenset())


def _hand() -> dict[str, float]:
    return fitfusion.hand_weights(Retrieval())


def test_fuse_adds_the_weighted_components() -> None:
    c = _case("doc-a ¶0", [1.0, 0.0, -1.0], [0.0, 2.0, -2.0], [False, False, True])
    w = {**_hand(), "w_unit": 1.0, "w_sentence": 0.5, "w_bm25": 2.0, "w_named": 3.0}
    assert np.allclose(fitfusion.fuse(c, w), [1.5, 4.0, -2.5])
    # asked in another language, the lexical weight is the cognates' one
    cross = _case("doc-a ¶0", [1.0, 0.0, -1.0], [0.0, 2.0, -2.0], [False] * 3, cross=True)
    assert np.allclose(fitfusion.fuse(cross, {**w, "w_chars": 0.0}), [1.5, 0.0, -1.5])


def test_ranked_orders_by_the_fused_score_and_finds_the_gold_rank() -> None:
    c = _case("doc-a ¶1", [1.0, 0.0, -1.0], [0.0, 2.0, -2.0], [False] * 3)
    hits = fitfusion.ranked(c, {**_hand(), "w_bm25": 0.0}, UNITS, DOCS, None)
    assert [h.unit.ref for h in hits] == ["¶0", "¶1", "¶2"]
    assert fitfusion.rank_of(c, hits) == 2
    hits = fitfusion.ranked(c, {**_hand(), "w_bm25": 2.0}, UNITS, DOCS, None)
    assert fitfusion.rank_of(c, hits) == 1


def test_coordinate_search_raises_a_weight_only_when_it_helps() -> None:
    # the gold is the second by meaning and first by words in both questions
    cases = [_case("doc-a ¶1", [1.0, 0.0, -1.0], [0.0, 2.0, -2.0], [False] * 3, s)
             for s in ("s1", "s2")]
    fitter = fitfusion.Fitter(cases, UNITS, DOCS, "")
    start = {**_hand(), "w_bm25": 0.0}
    assert fitter.score(start, cases) == (0.0, 0.5)
    best = fitter.coordinate(start, cases)
    assert best["w_bm25"] > 0 and fitter.score(best, cases)[0] == 1.0
    # knobs with no effect on these cases keep their starting values
    assert best["w_named"] == start["w_named"] and best["named_gap"] == start["named_gap"]
    cv = fitter.cross_validate(start)
    assert set(cv) == {"s1", "s2"} and all(r["held"][0] == 1.0 for r in cv.values())


def test_write_makes_a_retrieval_preset(tmp_path: Path) -> None:
    import tomllib

    path = tmp_path / "configs" / "emb.toml"
    fitfusion.write(path, {**_hand(), "w_bm25": 1.5}, "test")
    data = tomllib.loads(path.read_text(encoding="utf-8"))["retrieval"]
    assert data["w_bm25"] == 1.5 and data["rerank_top"] == 4 and isinstance(data["rerank_top"], int)


def test_ablation_shows_what_turning_a_signal_off_costs() -> None:
    cases = [_case("doc-a ¶1", [1.0, 0.0, -1.0], [0.0, 2.0, -2.0], [False] * 3)]
    fitter = fitfusion.Fitter(cases, UNITS, DOCS, "")
    lines = fitfusion.ablation(fitter, {**_hand(), "w_bm25": 2.0})
    assert any(line.startswith("  w_bm25 = 0.0: hit@1 0.0000 (current 1.0000)") for line in lines)
    assert any(line.startswith("  w_named = 0.0: hit@1 1.0000") for line in lines)
