from assistant.evaluate import Question, score_one, summarize
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
