"""The one refusal decision: a fitted logistic scorer over the search's evidence."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.answerer import decide
from assistant.decide.refusal import FEATURES, RefusalModel, RefusalModelError, evidence_of, model_for
from assistant.search.retrieve import SearchResult
from assistant.types import Evidence, Hit, NamedDoc, Unit

E5 = model_for("e5-small-onnx")


def _ev(**kw) -> Evidence:
    base = Evidence(has_hits=True, ref_matched=False, dense_top=0.88, sentence_top=0.89, known=1.0,
                    lead=2.0, cross_lingual=False, named_elsewhere=False)
    return replace(base, **kw)


def test_a_close_well_supported_question_is_answered_and_each_veto_refuses():
    assert E5.decide(_ev())
    for veto in (dict(unknown_numbers=("2031",)), dict(missing=("Colombia",)), dict(lacks="date"),
                 dict(named_elsewhere=True)):
        assert not E5.decide(_ev(**veto)), veto
    assert not E5.decide(_ev(has_hits=False))
    assert E5.decide(_ev(ref_matched=True, dense_top=0.5, known=0.0))  # "paragraph 9 d" says where


def test_more_evidence_never_lowers_the_chance_of_answering():
    for name, lo, hi in (("dense_top", 0.80, 0.90), ("sentence_top", 0.80, 0.90), ("known", 0.2, 1.0),
                         ("lead", 0.0, 6.0)):
        assert E5.p_answer(_ev(**{name: lo})) < E5.p_answer(_ev(**{name: hi})), name
    far = _ev(dense_top=0.78, sentence_top=0.78, known=0.2, lead=0.0)
    assert not E5.decide(far)  # weak meaning, few known words, no lead: not in the documents


def test_evidence_of_reads_the_search_results_evidence_record():
    u = Unit("plan", "¶1", "text", 0)
    ev = Evidence(True, False, 0.9, 0.0, 0.5, 2.5, False, True, missing=("Peru",))
    res = SearchResult(hits=[Hit(u, 9.0, "fused"), Hit(u, 6.5, "fused")], query_vec=np.zeros(2),
                       evidence=ev)
    assert evidence_of(res) is ev
    assert "names the best paragraphs do not mention: Peru" in ev.reasons()
    assert not decide(res, E5)  # the named meeting is not where the evidence is
    assert not evidence_of(SearchResult([], np.zeros(2))).has_hits  # refused by the guard: nothing


def test_every_shipped_model_loads_and_uses_known_features():
    for name in ("e5-small-onnx", "e5-small", "minilm", "fake", "someone-elses-model"):
        m = model_for(name)
        assert set(m.weights) <= set(FEATURES) and m.scale > 0
    assert model_for("e5-small") == E5 and model_for("someone-elses-model") == model_for("minilm")


def test_a_bad_model_file_is_a_named_error(tmp_path: Path):
    bad = tmp_path / "r.json"
    bad.write_text('{"default": {"center": 0.8, "scale": 0.1, "weights": {"shoe_size": 1}}}')
    with pytest.raises(RefusalModelError, match="shoe_size"):
        model_for("x", bad)
    with pytest.raises(RefusalModelError):
        RefusalModel.from_dict({"center": 0.8, "scale": 0, "weights": {}})


def test_fitting_recovers_a_separating_rule_and_cross_validation_holds_sets_out():
    from assistant.evaluation import fitrefusal

    rng = np.random.default_rng(1)
    rows = []
    for s in ("a", "b", "c"):
        for i in range(40):
            ok = i % 4 != 0
            ev = _ev(dense_top=float(rng.normal(0.88 if ok else 0.80, 0.02)), known=1.0 if ok else 0.3,
                     missing=() if ok or i % 8 else ("X",))
            rows.append(fitrefusal.Row(s, f"{s}{i}", ok, ev))
    model = fitrefusal.fit(rows, 1.0)
    assert model.weights["dense"] > 0 and model.weights["known"] > 0
    assert fitrefusal.score(rows, model.decide)["accuracy"] > 0.95
    cv = fitrefusal.cross_validate(rows, 1.0)
    assert set(cv["per_set"]) == {"a", "b", "c"} and cv["pooled"]["answerable"] == 90


def test_run_reports_held_out_scores_and_fits_on_everything():
    from assistant.evaluation import fitrefusal

    rows = [fitrefusal.Row(s, f"{s}{i}", i % 3 != 0,
                           _ev(dense_top=0.9 if i % 3 else 0.79, known=1.0 if i % 3 else 0.2))
            for s in ("a", "b") for i in range(30)]
    model, lines = fitrefusal.run(rows, [Path("a.jsonl"), Path("b.jsonl")])
    assert sum("<- chosen" in ln for ln in lines) == 1
    assert any("held out          a" in ln for ln in lines) and "a, b" in model.fitted_on
    assert fitrefusal.score(rows, model.decide)["accuracy"] == 1.0


def test_a_broad_answer_is_not_refused_for_the_words_that_name_its_document():
    from assistant.decide.refusal import for_broad
    from tests.features_helper import qf

    f = qf("What does the Harbour Charter say about ferries?")
    named = replace(f, named=(NamedDoc("charter", frozenset({"harbour", "charter"}), True),))
    ev = _ev(missing=("Harbour", "Colombia"), named_elsewhere=True)
    judged = for_broad(ev, named)
    assert judged.missing == ("Colombia",) and not judged.named_elsewhere
    assert for_broad(ev, None) == ev
