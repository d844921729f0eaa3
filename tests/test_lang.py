import unicodedata

import pytest

from assistant.query import lang

# Short delegate questions, many carrying names and acronyms that read the same in every
# language (RIAL, COSATE, CEATAL, OIT, OEA, Quito, Costa Rica): those must not decide.
QUESTIONS = {
    "en": [
        "How many domestic workers are there in Costa Rica?",
        "What did RIAL propose for Quito?",
        "Who chairs COSATE?",
        "Does the plan mention the ILO?",
        "When did the WG2 meet in Quito?",
        "What role for the OAS and the OIT?",
        "Why did Brazil and Chile ask for more data?",
        "Where will the XXII IACML take place?",
        "Summarize Panel 2",
        "Any figures on informality in Mexico?",
        "Who are the RIAL partners?",
        "Costa Rica, Panamá and Perú: what did they say?",
        "Did COSATE and CEATAL make statements?",
        "Green jobs?",
    ],
    "es": [
        "¿Cuántas trabajadoras domésticas hay en Costa Rica?",
        "¿Qué propuso la RIAL en Quito?",
        "¿Quién preside la COSATE?",
        "¿El plan menciona a la OIT?",
        "Qué países hablaron de migración",
        "Cual es el papel de CEATAL",
        "¿Por qué Brasil y Chile pidieron más datos?",
        "¿Dónde será la XXII CIMT?",
        "Resumen del Panel 2",
        "¿Hay cifras de informalidad en México?",
        "que dijo la OEA sobre la OIT",
        "¿Qué dijeron Costa Rica, Panamá y Perú?",
        "¿COSATE y CEATAL hicieron declaraciones?",
        "¿Empleos verdes?",
    ],
    "pt": [
        "Quantas empregadas domésticas existem na Costa Rica?",
        "O que a RIAL propôs em Quito?",
        "Quem preside a COSATE?",
        "O plano menciona a OIT?",
        "Quais países falaram sobre migração?",
        "Qual é o papel da CEATAL?",
        "Por que o Brasil e o Chile pediram mais dados?",
        "Onde será a XXII CIMT?",
        "Resumo do Painel 2",
        "Há números sobre informalidade no México?",
        "o que disse a OEA sobre a OIT",
        "O que disseram Costa Rica, Panamá e Peru?",
        "A COSATE e a CEATAL fizeram declarações?",
        "Empregos verdes?",
    ],
    "fr": [
        "Combien de travailleuses domestiques y a-t-il au Costa Rica ?",
        "Qu'a proposé le RIAL à Quito ?",
        "Qui préside la COSATE ?",
        "Le plan mentionne-t-il l'OIT ?",
        "Quels pays ont parlé de migration ?",
        "Quel est le rôle de la CEATAL ?",
        "Pourquoi le Brésil et le Chili ont demandé plus de données ?",
        "Où aura lieu la XXII CIMT ?",
        "Résumé du Panel 2",
        "Y a-t-il des chiffres sur l'informalité au Mexique ?",
        "que dit l'OEA sur l'OIT",
        "Qu'ont dit le Costa Rica, le Panama et le Pérou ?",
        "La COSATE et le CEATAL ont-ils fait des déclarations ?",
        "Emplois verts ?",
    ],
}
CASES = [(code, q) for code, qs in QUESTIONS.items() for q in qs]


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@pytest.mark.parametrize("code, question", CASES)
def test_short_questions_in_four_languages(code: str, question: str):
    assert lang.detect(question) == code


@pytest.mark.parametrize("code, question", CASES)
def test_case_and_missing_accents_do_not_change_the_language(code: str, question: str):
    assert lang.detect(question.lower()) == code
    assert lang.detect(question.upper()) == code
    assert lang.detect(_unaccented(question).replace("¿", "")) == code


@pytest.mark.parametrize("text", ["", "   ", "?", "2021", "RIAL", "OIT COSATE", "Costa Rica",
                                  "Quito", "¶9(d)", "CIMT-20/GT1-GT2/doc.10/19"])
def test_no_evidence_means_english(text: str):
    assert lang.detect(text) == "en"


def test_ties_are_deterministic():
    assert lang.detect("Que?") == "es"  # es, pt and fr share "que": the first of them
    assert lang.detect("¿?") == "es"  # punctuation alone is evidence
    assert lang.detect("plan") == "en"  # shared with English: English


def test_every_message_is_said_in_each_language():
    from assistant import lexicons

    assert lexicons.languages() == ("en", "es", "pt", "fr")
    keys = set(lexicons.get("en").messages)
    for code in lexicons.languages():
        table = lexicons.get(code).messages
        assert set(table) == keys, code
        for key in keys:
            said = lang.say(key, code, doc="DOC", ref="9", span="1-25", n="3", limit="2",
                            theirs="Greek", ours="Latin", what="W")
            assert said.strip() and "{" not in said, (key, code)
            if "{doc}" in table[key]:
                assert "DOC" in said
    assert lang.say("not_found", "es") == "Estos documentos no responden a esa pregunta."
    assert lang.say("according", "fr", doc="le plan") == "Selon le plan :"
    assert lang.say("references", "xx") == "References"  # an unknown language falls back
