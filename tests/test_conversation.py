"""Follow-ups read against the previous turn; standalone questions untouched (own phrasings)."""

import pytest

from assistant.query.conversation import HistoryError, resolve, turns_from
from assistant.types import Turn


def test_a_changed_name_replaces_the_same_kind_of_slot():
    r = resolve("and what about Team B?", [Turn("Which projects did Team A fund last year?")])
    assert r.question == "Which projects did Team B fund last year?"
    assert "previous question" in r.carried and "…" in r.carried


def test_a_changed_place_keeps_the_rest_of_the_frame():
    r = resolve("¿y en Lima?", [Turn("¿Qué se decidió en Santiago sobre las pensiones?")])
    assert r.question == "¿Qué se decidió en Lima sobre las pensiones?"
    assert "pregunta anterior" in r.carried


def test_a_reference_back_stays_with_the_cited_documents():
    prev = Turn("What did the Harbour Board review in Oslo?", "…", ("board-2020 ¶4", "board-2020 ¶5"))
    r = resolve("who chaired it?", [prev], titles=lambda d: d.upper())
    assert r.doc_ids == ("board-2020",)
    assert "Oslo" in r.question and "BOARD-2020" in r.carried


def test_a_question_that_stands_alone_is_never_rewritten():
    prev = [Turn("Which projects did Team A fund in 2020?", "", ("x ¶1",))]
    q = "How is the pension fund of the port workers financed?"
    assert resolve(q, prev).question == q and resolve(q, prev).carried == ""
    assert resolve("and what about Team B?", []).carried == ""


def test_a_malformed_history_is_a_named_error():
    assert turns_from([{"question": "q", "cids": ["d ¶1"]}]) == (Turn("q", "", ("d ¶1",)),)
    with pytest.raises(HistoryError):
        turns_from({"question": "q"})
    with pytest.raises(HistoryError):
        turns_from([{"answer": "a"}])


def test_a_whole_question_after_a_lead_keeps_the_previous_subject_instead_of_replacing_it():
    r = resolve("And who were the treasurers?", [Turn("Who chaired the Harbour Board in Oslo?")])
    assert r.question.startswith("who were the treasurers?")
    assert "Harbour Board" in r.question and "Oslo" in r.question and "…" not in r.carried


def test_the_previous_turn_is_read_as_it_was_understood():
    turns = [Turn("Which projects did Team A fund in Oslo?"), Turn("and in Bergen?")]
    r = resolve("who led it?", turns)
    assert "Team A" in r.question and "Bergen" in r.question and "Oslo" not in r.question


def test_a_new_name_replaces_the_name_of_its_kind_not_the_last_one():
    r = resolve("And HB3?", [Turn("Who funded Harbour Board 2 at the Oslo session?")])
    assert r.question == "Who funded HB3 at the Oslo session?"
    es = resolve("¿Y el CP1?", [Turn("¿Quién presidió el Comité de Puertos 2 en Oslo?")])
    assert es.question == "¿Quién presidió el CP1 en Oslo?"
