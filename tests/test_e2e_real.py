"""End to end on the real model and the real documents (slower; marked `real`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.evaluation.evaluate import IACML_SETS, bootstrap_interval, evaluate, load_questions

from .conftest import CORPUS, ROOT

pytestmark = pytest.mark.real

# One pooled floor over the seven IACML question sets (442 questions), set at the lower end of
# the bootstrap 95 % interval measured in session 11 (HEAD 8ead054, e5-small-onnx with the
# reranker, k=8): per-set floors on 8-question slices failed CI on one question's move, which
# is noise, not a regression. Measured: hit@1 0.840 [0.802, 0.873], English hit@1 0.903
# [0.860, 0.941], other-language hit@1 0.776 [0.710, 0.831], hit@5 0.962 [0.940, 0.981],
# key phrase 0.859 [0.821, 0.892] (369 answerable); refusal 0.904 [0.836, 0.973] (73
# unanswerable); answered 0.976 of the answerable.
POOLED_FLOORS = {"hit@1": 0.80, "english hit@1": 0.86, "other hit@1": 0.71, "hit@5": 0.94,
                 "key phrase": 0.82, "refusal": 0.83, "answered": 0.95}


def _pooled(rows: list[dict]) -> dict[str, list[float]]:
    ans = [r for r in rows if "rank" in r]
    return {"hit@1": [float(r["hit1"]) for r in ans],
            "english hit@1": [float(r["hit1"]) for r in ans if r["lang"] == "en"],
            "other hit@1": [float(r["hit1"]) for r in ans if r["lang"] != "en"],
            "hit@5": [float(r["hit5"]) for r in ans],
            "key phrase": [float(bool(r["key_ok"])) for r in ans],
            "refusal": [float(r["refused_ok"]) for r in rows if "refused_ok" in r],
            "answered": [float(r["answered"]) for r in ans]}


def test_wg2_question_cites_paragraph_8_and_names_child_labor(real_assistant):
    ans = real_assistant.ask("What does WG2 follow up on?")
    assert ans.answered
    refs = [c.ref for c in ans.citations]
    assert refs[0] == "¶8" and "¶8, bullet 6" in refs
    assert all(c.doc_id == "poa-ba-2021" and c.ref.startswith("¶8") for c in ans.citations)
    assert "child labor" in ans.text


def test_out_of_corpus_question_is_refused(real_assistant):
    ans = real_assistant.ask("How much is the monthly minimum wage in Paraguay?")
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
    "Quelle durée maximale de la journée de travail la réunion de Quito a-t-elle fixée ?",
    "¿Cuánto dinero se destinó a la RIAL para el año 2023?",
    "Quel est le salaire minimum au Pérou ?",
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


def test_pooled_iacml_sets_meet_the_floor(real_assistant, capsys):
    rows: list[dict] = []
    for name in IACML_SETS:
        questions = load_questions(ROOT / "eval" / f"{name}.jsonl")
        rows += evaluate(questions, lambda q: real_assistant.ask(q))["rows"]
    lines, failures = [], []
    for metric, values in _pooled(rows).items():
        mean = sum(values) / len(values)
        lo, hi = bootstrap_interval(values)
        lines.append(f"{metric:>14}: {mean:.3f} [{lo:.3f}, {hi:.3f}] n={len(values)} "
                     f"floor {POOLED_FLOORS[metric]}")
        if mean < POOLED_FLOORS[metric]:
            failures.append(lines[-1])
    with capsys.disabled():
        print("\npooled IACML sets (mean [bootstrap 95 %]):\n" + "\n".join(lines))
    assert not failures, failures
