"""The topic-answer relevance scorer (decide/relevance.py) and its fitting (fitrelevance.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.decide.relevance import FEATURES, RelevanceModel, RelevanceModelError, candidates, model_for
from assistant.evaluation import fitrelevance
from assistant.types import Hit, Unit
from tests.features_helper import qf


def _hits(*specs: tuple[str, str, str]) -> list[Hit]:
    return [Hit(Unit(doc, ref, text, i, headings=("A",)), 1.0) for i, (doc, ref, text) in enumerate(specs)]


HITS = _hits(("charter", "¶1", "Apprenticeships for young workers are expanded."),
             ("charter", "¶2", "Young workers get apprenticeships in ports."),
             ("minutes", "¶7", "The ferry timetable was read out."))


def test_features_are_relative_to_the_best_overall_and_in_each_document():
    cands = candidates(HITS, [0.90, 0.85, 0.80], qf("What does the charter say about apprenticeships?"))
    assert [round(c.features["gap"], 6) for c in cands] == [0.0, 5.0, 10.0]
    assert round(cands[2].features["doc_gap"], 6) == 10.0 and cands[2].features["in_doc_gap"] == 0.0
    assert cands[0].features["overlap"] > cands[2].features["overlap"] == 0.0
    assert cands[0].features["same_section"] == 1.0 and cands[2].features["same_section"] == 0.0
    assert set(cands[0].features) == set(FEATURES)


def test_the_model_keeps_what_scores_above_its_threshold_and_always_the_best():
    model = RelevanceModel({"gap": -1.0}, 2.0, 0.5)
    cands = candidates(HITS, [0.90, 0.89, 0.70], None)
    assert [h.unit.ref for h in model.keep(cands, 10)] == ["¶1", "¶2"]  # 20 points below: out
    strict = RelevanceModel({"gap": -1.0}, -5.0, 0.5)  # nothing clears it: the best stays
    assert [h.unit.ref for h in strict.keep(cands, 10)] == ["¶1"]
    assert len(model.keep(cands, 1)) == 1


def test_a_paragraph_asked_for_by_its_reference_is_always_kept():
    hits = [*HITS[:2], Hit(HITS[2].unit, 1.0, via="ref")]
    cands = candidates(hits, [0.90, 0.89, 0.50], None)
    assert "¶7" in [h.unit.ref for h in RelevanceModel({"gap": -1.0}, 2.0, 0.5).keep(cands, 10)]


def test_model_files_load_by_embedder_and_alias_and_bad_ones_are_named(tmp_path: Path):
    path = tmp_path / "relevance.json"
    path.write_text(json.dumps({"e": {"weights": {"gap": -0.5}, "bias": 1, "threshold": 0.3},
                                "alias": "e"}), encoding="utf-8")
    assert model_for("alias", path) == model_for("e", path) == RelevanceModel({"gap": -0.5}, 1.0, 0.3)
    assert model_for("never-fitted", path) is None
    for bad in ({"e": {"weights": {"colour": 1}, "bias": 0, "threshold": 0.5}}, {"e": {"bias": 0}}):
        path.write_text(json.dumps(bad), encoding="utf-8")
        with pytest.raises(RelevanceModelError):
            RelevanceModel.from_dict(bad["e"])
    broken = tmp_path / "broken.json"  # models are read once per file
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(RelevanceModelError):
        model_for("e", broken)


def test_every_shipped_model_loads():
    assert model_for("e5-small-onnx") is not None and model_for("e5-small") == model_for("e5-small-onnx")


def _case(name: str, close: list[float], covered: list[bool]) -> fitrelevance.Case:
    hits = _hits(*[("d", f"¶{i}", f"text {i}") for i in range(len(close))])
    cands = tuple(candidates(hits, close, None))
    covers = tuple(frozenset({i}) if c else frozenset() for i, c in enumerate(covered))
    return fitrelevance.Case(name, f"{name}-{len(close)}", cands, covers, sum(covered))


def test_fitting_learns_that_distance_from_the_best_separates_and_scores_held_out_sets():
    cases = [_case(s, [0.9, 0.89, 0.88, 0.75, 0.74, 0.73], [True, True, True, False, False, False])
             for s in ("a", "b", "c") for _ in range(4)]
    model = fitrelevance.fit(cases, 1.0, 2.0)
    assert model.weights["gap"] < 0
    got = fitrelevance.score(cases, fitrelevance.keeper(model), 2.0)
    assert got["recall"] == 1.0 and got["precision"] == 1.0
    strength, lines, held_f = fitrelevance.cross_validate(cases, 2.0)
    assert strength in fitrelevance.STRENGTHS and held_f == pytest.approx(1.0)
    assert sum(line.startswith("| a ") or line.startswith("| b ") or line.startswith("| c ")
               for line in lines) == 3


def test_write_keeps_the_other_embedders_models(tmp_path: Path):
    path = tmp_path / "relevance.json"
    path.write_text(json.dumps({"other": "kept"}), encoding="utf-8")
    fitrelevance.write("e", RelevanceModel({"gap": -1.0}, 0.0, 0.4, "test"), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["other"] == "kept" and RelevanceModel.from_dict(data["e"]).threshold == 0.4


def test_each_side_of_a_comparison_keeps_its_best_paragraph():
    model = RelevanceModel({"gap": -1.0}, 2.0, 0.5)
    cands = candidates(HITS, [0.90, 0.89, 0.70], None)
    assert "¶7" not in [h.unit.ref for h in model.keep(cands, 10)]
    assert "¶7" in [h.unit.ref for h in model.keep(cands, 10, sides=("charter", "minutes"))]
