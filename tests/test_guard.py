"""The question guard: refused questions get answered:false, a named reason and no
citation, before any search; near-misses still reach the search (tests/hostile/questions.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import settings
from assistant.query import guard

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "hostile" / "questions.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_each_hostile_question(fake_assistant, case):
    ans = fake_assistant.ask(case["question"])
    assert ans.answered is case["answered"]
    assert ans.reason == case["reason"]
    if not case["answered"]:
        assert ans.citations == () and ans.hits == ()
        out = json.dumps(ans.to_dict(), ensure_ascii=False)  # always encodes
        assert json.loads(out.encode("utf-8"))["reason"] == case["reason"]


def test_search_is_guarded_too(fake_assistant):
    res = fake_assistant.search("😀😀")
    assert res.hits == [] and res.refused is not None and res.refused.reason == "no-content"


def test_a_refused_long_question_is_echoed_cut_to_the_limit(fake_assistant):
    limit = settings.current().limits.question_chars
    ans = fake_assistant.ask("x" * (10 * limit))
    assert ans.reason == "too-long" and len(ans.question) == limit


def test_the_length_limit_is_a_setting(fake_assistant):
    before = settings.current()
    try:
        settings.use(before.with_values({"limits.question_chars": "20"}))
        assert fake_assistant.ask("What does paragraph 13 say?").reason == "too-long"
    finally:
        settings.use(before)
    assert fake_assistant.ask("What does paragraph 13 say?").answered


def test_scripts_of_letters():
    assert guard.script_of("a") == "Latin" and guard.script_of("ñ") == "Latin"
    assert guard.script_of("λ") == "Greek" and guard.script_of("ж") == "Cyrillic"
    assert guard.script_of("ހ") == "Thaana" and guard.script_of("ܐ") == "Syriac"
    assert guard.script_of("\U0001e900") == "Other"  # Adlam: no range listed


def test_corpus_scripts_ignore_a_stray_letter():
    words = ["inspection"] * 50 + ["λ"]
    assert guard.corpus_scripts(words) == frozenset({"Latin"})
    assert guard.corpus_scripts(["inspection", "επιθεώρηση"]) == frozenset({"Latin", "Greek"})


def test_a_corpus_in_another_script_answers_in_it():
    # the same guard reads a Greek corpus as Greek: nothing is fixed to Latin
    assert guard.check("Τι λέει;", frozenset({"Greek"})) is None
    refusal = guard.check("What does it say?", frozenset({"Greek"}))
    assert refusal is not None and refusal.reason == "script"


@pytest.mark.real
def test_real_model_refuses_what_holds_nothing_to_search(real_assistant):
    for case in CASES:
        if case["answered"]:
            continue
        ans = real_assistant.ask(case["question"])
        assert not ans.answered and ans.reason == case["reason"] and not ans.citations, case["case"]
    assert real_assistant.ask("What does paragraph 13 say?").answered



def test_refusals_are_worded_in_the_questions_language() -> None:
    settings.use(settings.load(assignments=["limits.question_chars=100"]))
    long_es = "¿Qué medidas tomó el ministerio de trabajo sobre la inspección en las empresas? " * 4
    said = guard.check(long_es, frozenset({"Latin"}))
    assert said is not None and said.reason == "too-long" and "caracteres" in said.detail
    said = guard.check("Which measures did the ministry take on inspection in the firms? " * 4,
                       frozenset({"Latin"}))
    assert said is not None and "characters" in said.detail
    said = guard.check("¿¿ ?? !! --", frozenset({"Latin"}))
    assert said is not None and said.reason == "no-content"
