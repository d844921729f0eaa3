from assistant.evaluation.evaluate import Question, score_one, summarize
from assistant.types import Answer, Citation, Hit, Unit


def _unit(ref: str) -> Unit:
    return Unit("poa-ba-2021", ref, "text", 0)


def _cit(ref: str) -> Citation:
    return Citation(1, "poa-ba-2021", "Plan", "", "", ref, "q", "t")


def test_scores_rank_citations_and_key_phrase():
    q = Question("x", "q?", "en", "listing", ("poa-ba-2021 ¶8",), ("child labor",))
    ans = Answer("q?", True, "… prevention of child labor …",
                 (_cit("¶8"), _cit("¶8, bullet 6"), _cit("¶9(d)")),
                 (Hit(_unit("¶9"), 1), Hit(_unit("¶8, bullet 2"), 0.9)))
    row = score_one(q, ans, 5.0)
    assert row["rank"] == 2 and row["rr"] == 0.5 and not row["hit1"] and row["hit5"]
    assert abs(row["cite_precision"] - 2 / 3) < 1e-9 and row["cite_recall"] == 1.0
    assert row["key_ok"] is True


def test_refusals_and_false_refusals():
    un = Question("u", "q?", "en", "unanswerable", (), ())
    good = Question("g", "q?", "es", "fact", ("poa-ba-2021 ¶8",), ("x",))
    rows = [score_one(un, Answer("q?", False, "no"), 1.0),
            score_one(good, Answer("q?", False, "no"), 1.0)]
    s = summarize(rows)
    assert s["refusal_accuracy"] == 1.0 and s["false_refusals"] == 1 and s["hit@1"] == 0.0


def test_span_golds_resolve_to_the_units_holding_them(tmp_path):
    import json

    from assistant.evaluation.evaluate import load_questions, resolve_spans
    from assistant.types import DocMeta

    docs = {"d": DocMeta("d", "D", "d.md")}
    units = [Unit("d", "¶1", "Members agree on the harbour tariffs, 2 and rates.", 0),
             Unit("d", "¶2", "The fund is replenished every year by", 1, part=1),
             Unit("d", "¶2", "pledges from the members of the council.", 2, part=2)]
    rows = [{"id": "a", "question": "q", "key": ["tariffs"],
             "gold": [{"file": "d.md", "span": "harbour  tariffs,[^2] and rates"}]},
            {"id": "b", "question": "q", "gold": [{"file": "d.md",
             "span": "the fund is replenished every year by pledges from the members"}], "key": ["fund"]},
            {"id": "c", "question": "q", "gold": [{"file": "d.md", "span": "no such words appear anywhere"}],
             "key": ["x"]}]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows[:2]), encoding="utf-8")
    (qa, qb), skipped = resolve_spans(load_questions(path), units, docs)
    assert qa.gold == ("d ¶1",) and qb.gold == ("d ¶2",) and not qa.spans and not skipped
    path.write_text(json.dumps(rows[2]), encoding="utf-8")
    assert resolve_spans(load_questions(path), units, docs) == ([], ["c"])  # held by no unit: not scored


def test_bootstrap_interval_brackets_the_mean_and_narrows_with_more_questions():
    from assistant.evaluation.evaluate import bootstrap_interval

    few = [1.0] * 8 + [0.0] * 2
    many = few * 40
    lo, hi = bootstrap_interval(few)
    lo2, hi2 = bootstrap_interval(many)
    assert lo < 0.8 < hi and lo2 < 0.8 < hi2
    assert hi2 - lo2 < (hi - lo) / 3  # 40x the questions: about sqrt(40) narrower
    assert bootstrap_interval([1.0, 1.0]) == (1.0, 1.0)


def test_set_folds_hold_each_set_out_once_in_name_order():
    from types import SimpleNamespace

    from assistant.evaluation.evaluate import set_folds

    items = [SimpleNamespace(set=s, n=i) for i, s in enumerate("bab")]
    folds = set_folds(items)
    assert [s for s, _, _ in folds] == ["a", "b"]
    assert [[i.n for i in train] for _, train, _ in folds] == [[0, 2], [1]]
    assert [[i.n for i in held] for _, _, held in folds] == [[1], [0, 2]]
