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
# a drop below them is a regression, not noise. Per set: the floors, and the most false
# refusals allowed. Measured with e5-small and the reranker, k=8, session 8; session 10's
# e5-small-onnx (the same weights in ONNX Runtime) scores the same except where noted.
EN_H1, EN_H5, EN_MRR = ("english", "hit@1"), ("english", "hit@5"), ("english", "mrr@10")
EN_CITE, EN_KEY = ("english", "citation_precision"), ("english", "key_phrase_rate")
X_H1, X_H5, REFUSAL = ("cross_lingual", "hit@1"), ("cross_lingual", "hit@5"), ("overall", "refusal_accuracy")
SETS = {
    # 170 questions: en hit@1 0.911, hit@5 0.984, MRR 0.944, citation precision 0.908, key
    # phrases 0.911; cross-lingual hit@5 0.967; refusal 17/17; 1 false refusal. Without the
    # reranker en hit@1 is under 0.89.
    "questions.jsonl": ({EN_H1: 0.89, EN_H5: 0.97, EN_MRR: 0.92, EN_CITE: 0.88, EN_KEY: 0.88,
                         REFUSAL: 0.94, X_H5: 0.92}, 2),
    # 48 questions written without looking at the system, against tuning to the main set:
    # en hit@1 0.889, hit@5 0.944; cross-lingual hit@5 0.944; refusal 11/12; 1 false refusal.
    "heldout.jsonl": ({EN_H1: 0.80, EN_H5: 0.88, X_H5: 0.83, REFUSAL: 0.83}, 2),
    # The blind sets, written by separate sessions from the documents alone (eval/README.md).
    # blind (64, 16 per language): en hit@1 0.923, hit@5 1.0; cross-lingual hit@1 0.769,
    # hit@5 0.949 (0.923 with e5-small-onnx: bl-fr-004 went from rank 5 to 6); refusal
    # 11/12; 3 false refusals.
    "blind.jsonl": ({EN_H1: 0.85, EN_H5: 0.95, X_H5: 0.90, X_H1: 0.72, REFUSAL: 0.83}, 4),
    # blind2 (40, 10 per language, session 6): en hit@1 1.0, hit@5 1.0; cross-lingual hit@1
    # 0.875, hit@5 0.958; refusal 7/8; no false refusal.
    "blind2.jsonl": ({EN_H1: 0.90, EN_H5: 0.90, X_H5: 0.90, X_H1: 0.75, REFUSAL: 0.75}, 2),
    # blind3 (40, session 7): en hit@1 0.750 (6 of 8), hit@5 1.0; cross-lingual hit@1 0.917
    # (0.958 with e5-small-onnx), hit@5 1.0; refusal 8/8; 1 false refusal.
    "blind3.jsonl": ({EN_H1: 0.62, EN_H5: 0.87, X_H5: 0.90, X_H1: 0.83, REFUSAL: 0.87}, 3),
    # blind4 (40, session 8), first scored after that session's refusal changes: en hit@1 1.0,
    # hit@5 1.0; cross-lingual hit@1 0.708, hit@5 0.833; refusal 4/8 with 2 false refusals
    # (5/8 and 1 after the two fixes it showed up; 6/8 with session 9's country names).
    "blind4.jsonl": ({EN_H1: 0.87, EN_H5: 0.87, X_H5: 0.79, X_H1: 0.66, REFUSAL: 0.62}, 2),
    # blind5 (40, session 9), first scored before that session's country names: en hit@1
    # 0.750, hit@5 1.0; cross-lingual hit@1 0.583 (0.542 with e5-small-onnx: b5-pt-001 went
    # from rank 1 to 2), hit@5 0.958; refusal 6/8; 2 false refusals.
    "blind5.jsonl": ({EN_H1: 0.62, EN_H5: 0.87, X_H5: 0.87, X_H1: 0.50, REFUSAL: 0.62}, 3),
}

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


@pytest.mark.parametrize("name", list(SETS))
def test_eval_sets_meet_the_floors(real_assistant, name):
    floors, max_false_refusals = SETS[name]
    questions = load_questions(ROOT / "eval" / name)
    report = evaluate(questions, lambda q: real_assistant.ask(q))
    failures = [f"{s} {m} = {report[s][m]} < {floor}" for (s, m), floor in floors.items()
                if (report[s][m] or 0) < floor]
    assert not failures, failures
    assert report["overall"]["false_refusals"] <= max_false_refusals
