import json
from pathlib import Path

import pytest

from assistant.evaluation import evalbroad
from assistant.evaluation.evalbroad import Outcome, load_broad, resolve, score_row, summarize
from assistant.evaluation.evaluate import EvalSetError, holds, set_kind
from assistant.types import Answer, Citation, DocMeta, Unit

# Two invented documents: a harbour charter and a meeting record.
DOCS = {"ch": DocMeta("ch", "Harbour Charter", "charter.txt"), "mr": DocMeta("mr", "Meeting", "record.md")}
UNITS = [Unit("ch", "¶1", "The harbour board sets the tariffs for every berth once a year.", 0),
         Unit("ch", "¶2", "Pilots are licensed by the board after two seasons of service.", 1),
         Unit("ch", "¶2(a)", "A licence lapses when a pilot leaves the port for a full season.", 2),
         Unit("mr", "Session 1, bullet 1", "Delegates asked that berth tariffs be published online.", 3),
         Unit("mr", "Session 1, bullet 2", "The record notes that pilot training lasts two seasons.", 4)]


def _line(**kw):
    base = {"id": "t-1", "lang": "en", "scope": "topic", "question": "What about tariffs?",
            "gold": [], "docs": []}
    return json.dumps({**base, **kw}, ensure_ascii=False)


def _gold(file, span, part=None):
    return {"file": file, "span": span, **({"part": part} if part else {})}


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "broad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cit(doc, ref):
    text = next(u.text for u in UNITS if u.doc_id == doc and u.ref == ref)
    return Citation(1, doc, DOCS[doc].title, "", "", ref, text, text)


def test_a_set_with_scope_is_broad_and_bad_lines_are_named(tmp_path):
    good = _write(tmp_path, _line(gold=[_gold("charter.txt", "sets the tariffs for every berth")]))
    assert set_kind(good) == "broad"
    point = tmp_path / "p.jsonl"
    point.write_text(json.dumps({"id": "p", "question": "q", "gold": []}) + "\n", encoding="utf-8")
    assert set_kind(point) == "point"
    with pytest.raises(EvalSetError, match="broad.jsonl:2: .*scope 'everything'"):
        load_broad(_write(tmp_path, _line(scope="unanswerable"), _line(scope="everything")))
    with pytest.raises(EvalSetError, match="only it"):
        load_broad(_write(tmp_path, _line(scope="unanswerable", gold=[_gold("charter.txt", "x" * 20)])))


def test_each_gold_paragraph_resolves_on_its_own_and_unheld_golds_are_dropped(tmp_path):
    path = _write(tmp_path,
                  _line(id="a", gold=[_gold("charter.txt", "The harbour board sets the tariffs"),
                                      _gold("record.md", "berth tariffs be published online"),
                                      _gold("charter.txt", "words that no unit of the charter holds")]),
                  _line(id="b", gold=[_gold("record.md", "a cover line that is metadata only")]),
                  _line(id="c", scope="unanswerable", question="Who owns the moon?"))
    questions, not_scored = resolve(load_broad(path), UNITS, DOCS)
    assert not_scored == ["b"]
    a, c = questions
    assert [g.cids for g in a.gold] == [("ch ¶1",), ("mr Session 1, bullet 1",)]
    assert c.gold == () and not c.answerable


def test_recall_precision_documents_and_parts_of_one_answer(tmp_path):
    path = _write(tmp_path, _line(
        scope="parts", question="Who licenses pilots, and when does a licence lapse?",
        docs=["charter.txt", "record.md"],
        gold=[_gold("charter.txt", "Pilots are licensed by the board", 1),
              _gold("record.md", "pilot training lasts two seasons", 1),
              _gold("charter.txt", "A licence lapses when a pilot leaves", 2)]))
    (q,), _ = resolve(load_broad(path), UNITS, DOCS)
    # the lettered item counts for its paragraph's gold (inside it), ¶1 is off the topic
    ans = Answer(q.question, True, "...", (_cit("ch", "¶2"), _cit("ch", "¶2(a)"), _cit("ch", "¶1"),
                                           _cit("ch", "¶2")))  # a unit quoted twice is one source
    row = score_row(q, Outcome(True, evalbroad.shown_by_answer(q, ans, DOCS), 12.0))
    assert row["recall"] == pytest.approx(2 / 3) and row["precision"] == pytest.approx(2 / 3)
    assert row["docs_covered"] == 0.5 and row["multi_doc"] and row["parts_covered"] == 1.0
    assert row["missed"] == ["pilot training lasts two seasons"]
    # judged by text instead, the same answer scores the same here
    by_text = score_row(q, Outcome(True, evalbroad.shown_by_text(q, ans, DOCS), 12.0))
    assert by_text["recall"] == row["recall"] and by_text["precision"] == row["precision"]


def test_summary_counts_refusals_and_multi_document_coverage():
    rows = [{"id": "1", "lang": "en", "scope": "comparison", "answered": True, "latency_ms": 10.0,
             "recall": 1.0, "precision": 1.0, "docs_covered": 1.0, "multi_doc": True},
            {"id": "2", "lang": "es", "scope": "comparison", "answered": True, "latency_ms": 30.0,
             "recall": 0.5, "precision": 0.5, "docs_covered": 0.5, "multi_doc": True},
            {"id": "3", "lang": "es", "scope": "topic", "answered": False, "latency_ms": 20.0,
             "recall": 0.0, "precision": None, "docs_covered": 0.0, "multi_doc": False},
            {"id": "4", "lang": "en", "scope": "unanswerable", "answered": False, "latency_ms": 5.0,
             "refused_ok": True}]
    s = summarize(rows)
    assert s["recall"] == 0.5 and s["precision"] == 0.75  # a refusal cites nothing: no precision
    assert (s["multi_doc"], s["multi_doc_all_covered"]) == (2, 1)
    assert s["refused_on_topic"] == 1 and (s["unanswerable"], s["unanswerable_refused"]) == (1, 1)
    rep = evalbroad.report(rows)
    assert set(rep["per_scope"]) == {"comparison", "topic", "unanswerable"}
    assert rep["per_language"]["es"]["refused_on_topic"] == 1


def test_a_chunk_holds_a_span_across_wrapped_lines_and_by_its_ends():
    span = "Pilots are licensed by the board after two seasons of service and a written test"
    chunk = "...\n\nPilots  are licensed\nby the board after two seasons of service"  # cut mid-span
    assert holds(chunk, span) and not holds("Pilots are licensed elsewhere.", span)


def test_warm_up_questions_are_asked_untimed_first():
    asked: list[str] = []
    q = evalbroad.BroadQuestion("u", "en", "unanswerable", "q?", (), ())

    def system(question):
        asked.append(question.id)
        return Outcome(False, (), 1.0)

    rep = evalbroad.run([q], system, warmup=1)
    assert asked == ["u", "u"] and rep["overall"]["questions"] == 1


def test_latency_line_says_whether_broad_answers_are_within_the_target():
    assert "3.00x (within the 3x target)" in evalbroad.latency_line(300.0, 100.0, 3.0)
    assert "over the 3x target" in evalbroad.latency_line(301.0, 100.0, 3.0)
    assert "--latency-ref" in evalbroad.latency_line(300.0, None, 3.0)


def test_reports_are_written_as_json_and_a_markdown_table(tmp_path):
    rows = [{"id": "1", "lang": "fr", "scope": "overview", "answered": True, "latency_ms": 10.0,
             "recall": 0.25, "precision": 1.0}]
    results = {"peer": evalbroad.report(rows), "assistant": evalbroad.report(rows)}
    out = evalbroad.publish(results, tmp_path, {"questions_file": "x.jsonl"}, "broad", "warm p95: -", False)
    md = next(tmp_path.glob("broad-*.md")).read_text(encoding="utf-8")
    assert "| peer | scope=overview | 1 | 0.250 | 1.000 |" in md and "| assistant | lang=fr |" in md
    saved = json.loads(next(tmp_path.glob("broad-*.json")).read_text(encoding="utf-8"))
    assert saved["systems"]["peer"]["rows"][0]["id"] == "1" and "report:" in out


def test_eval_on_a_broad_set_goes_to_the_broad_scorer(tmp_path, fake_assistant, monkeypatch):
    from assistant import cli
    from assistant.evaluation import commands
    from tests.conftest import CORPUS

    plan = "plan-of-action-buenos-aires-2021.txt"
    path = _write(tmp_path,
                  _line(question="Which topics will WG2 follow up on?", docs=[plan],
                        gold=[_gold(plan, "prevention and eradication of child labor"),
                              _gold(plan, "freedom of association and collective bargaining")]),
                  _line(id="t-2", scope="unanswerable", question="What is the price of tea on Mars?"))
    monkeypatch.setattr(commands, "open_for", lambda args, quiet=False: fake_assistant)
    code = cli.main(["eval", "--questions", str(path), "--reports", str(tmp_path / "rep"), "--json",
                     "--corpus", str(CORPUS), "--embedder", "fake"])
    assert code == 0
    saved = json.loads(next((tmp_path / "rep").glob("broad-*.json")).read_text(encoding="utf-8"))
    overall = saved["systems"]["assistant"]["overall"]
    assert overall["questions"] == 2 and overall["answerable"] == 1 and overall["unanswerable"] == 1
    assert [r["gold"] for r in saved["systems"]["assistant"]["rows"] if "gold" in r] == [2]
