"""End to end on the real model and the real documents (slower; marked `real`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.evaluate import evaluate, load_questions

from .conftest import CORPUS, ROOT

pytestmark = pytest.mark.real

# Floors set a little under what was measured (see the closing notes and eval/README.md);
# a drop below them is a regression, not noise.
# Measured with e5-small and the reranker, k=8, 170 questions (session 6): en hit@1 0.911,
# hit@5 0.984, MRR 0.944, citation precision 0.908, key phrases 0.911; refusal 16/17;
# cross-lingual hit@5 0.967; 1 false refusal. Without the reranker en hit@1 is under 0.89.
# Session 8 (the kind of number asked for, cognate names, counts in other languages):
# refusal 17/17 here, 11/12 held out and blind, 7/8 blind2, 8/8 blind3.
FLOORS = {
    ("english", "hit@1"): 0.89, ("english", "hit@5"): 0.97, ("english", "mrr@10"): 0.92,
    ("english", "citation_precision"): 0.88, ("english", "key_phrase_rate"): 0.88,
    ("overall", "refusal_accuracy"): 0.94, ("cross_lingual", "hit@5"): 0.92,
}
# The held-out set (eval/heldout.jsonl, 48 questions written without looking at the system)
# guards against tuning to the main set. Measured: en hit@1 0.889, hit@5 0.944; cross-lingual
# hit@5 0.944; refusal 0.833; 1 false refusal.
HELDOUT_FLOORS = {
    ("english", "hit@1"): 0.80, ("english", "hit@5"): 0.88, ("cross_lingual", "hit@5"): 0.83,
    ("overall", "refusal_accuracy"): 0.83,
}
# The blind set (eval/blind.jsonl, 64 questions, 16 per language, written by a separate
# session from the documents alone). Measured: en hit@1 0.923, hit@5 1.0; cross-lingual
# hit@1 0.769, hit@5 0.949; refusal 0.750; 3 false refusals.
BLIND_FLOORS = {
    ("english", "hit@1"): 0.85, ("english", "hit@5"): 0.95, ("cross_lingual", "hit@5"): 0.90,
    ("cross_lingual", "hit@1"): 0.72, ("overall", "refusal_accuracy"): 0.83,
}
# A second blind set (eval/blind2.jsonl, 40 questions, 10 per language, session 6, written the
# same way). Measured: en hit@1 1.0, hit@5 1.0; cross-lingual hit@1 0.833, hit@5 0.958;
# refusal 5/8; 2 false refusals.
BLIND2_FLOORS = {
    ("english", "hit@1"): 0.90, ("english", "hit@5"): 0.90, ("cross_lingual", "hit@5"): 0.90,
    ("cross_lingual", "hit@1"): 0.75, ("overall", "refusal_accuracy"): 0.75,
}
# A third (eval/blind3.jsonl, session 7, the same way), first scored after that session's
# changes. Measured: en hit@1 0.750 (6 of 8), hit@5 1.0; cross-lingual hit@1 0.917, hit@5 1.0;
# refusal 6/8; 2 false refusals.
BLIND3_FLOORS = {
    ("english", "hit@1"): 0.62, ("english", "hit@5"): 0.87, ("cross_lingual", "hit@5"): 0.90,
    ("cross_lingual", "hit@1"): 0.83, ("overall", "refusal_accuracy"): 0.87,
}
# A fourth (eval/blind4.jsonl, session 8, the same way), first scored after that session's
# refusal changes: en hit@1 1.0, hit@5 1.0; cross-lingual hit@1 0.708, hit@5 0.833; refusal
# 4/8 with 2 false refusals (5/8 and 1 after the two fixes it showed up; eval/README.md).
BLIND4_FLOORS = {
    ("english", "hit@1"): 0.87, ("english", "hit@5"): 0.87, ("cross_lingual", "hit@5"): 0.79,
    ("cross_lingual", "hit@1"): 0.66, ("overall", "refusal_accuracy"): 0.5,
}
MAX_FALSE_REFUSALS = {"questions.jsonl": 2, "heldout.jsonl": 2, "blind.jsonl": 4, "blind2.jsonl": 2,
                      "blind3.jsonl": 3, "blind4.jsonl": 2}


def test_wg2_question_cites_paragraph_8_and_names_child_labor(real_assistant):
    ans = real_assistant.ask("What does WG2 follow up on?")
    assert ans.answered
    refs = [c.ref for c in ans.citations]
    assert refs[0] == "¶8" and "¶8, bullet 6" in refs
    assert all(c.doc_id == "poa-ba-2021" and c.ref.startswith("¶8") for c in ans.citations)
    assert "child labor" in ans.text


def test_out_of_corpus_question_is_refused(real_assistant):
    ans = real_assistant.ask("What is the minimum wage in Argentina?")
    assert not ans.answered and ans.related


@pytest.mark.parametrize("question,ref", [
    # a detail of a long bullet: its sentence matches, the whole bullet far less
    ("¿Cuántos archivos se prepararon en Argentina con el modelo de riesgo?", "Panel 1, bullet 8.2"),
    ("Qual a porcentagem da população de Aruba que é venezuelana?", "Panel 2, bullet 4"),
    ("Quel est le montant de la contribution du Canada au fonds ?", "Session 1, bullet 6"),
])
def test_a_figure_asked_in_another_language_is_answered_where_the_documents_give_it(
        real_assistant, question, ref):
    ans = real_assistant.ask(question)
    assert ans.answered and ans.citations[0].ref == ref


@pytest.mark.parametrize("question", [
    "Quel âge minimum d'admission à l'emploi la réunion de Quito a-t-elle recommandé ?",
    "¿Cuál es el presupuesto aprobado para las actividades de la RIAL en 2022?",
    "Quanto o Brasil já contribuiu para o Fundo de Contribuições Voluntárias da RIAL?",
])
def test_a_figure_the_documents_do_not_give_is_refused_in_another_language(real_assistant, question):
    assert not real_assistant.ask(question).answered


def test_cli_ask_on_the_real_model(real_assistant):
    # loads the index the session fixture built (the load path, not a second build)
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "--json",
                          "What does paragraph 9 d say?", "--corpus", str(CORPUS),
                          "--index", str(real_assistant.index.path.parent)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["citations"][0]["ref"] == "¶9(d)" and "labor inspection" in data["answer"]


@pytest.mark.parametrize("name,floors", [("questions.jsonl", FLOORS), ("heldout.jsonl", HELDOUT_FLOORS),
                                         ("blind.jsonl", BLIND_FLOORS), ("blind2.jsonl", BLIND2_FLOORS),
                                         ("blind3.jsonl", BLIND3_FLOORS), ("blind4.jsonl", BLIND4_FLOORS)])
def test_eval_sets_meet_the_floors(real_assistant, name, floors):
    questions = load_questions(ROOT / "eval" / name)
    report = evaluate(questions, lambda q: real_assistant.ask(q))
    failures = [f"{s} {m} = {report[s][m]} < {floor}" for (s, m), floor in floors.items()
                if (report[s][m] or 0) < floor]
    assert not failures, failures
    assert report["overall"]["false_refusals"] <= MAX_FALSE_REFUSALS[name]
