from pathlib import Path

import pytest

from assistant.query.refs import asks_for_title, find_refs

UNITS_DUMP = Path(__file__).resolve().parent.parent / "eval" / "units-dump.txt"


def test_bare_roman_sub_item_after_a_paragraph_number_is_a_reference():
    assert find_refs("paragraph 14 iii") == ["¶14(iii)"]
    assert find_refs("párrafo 9 d") == ["¶9(d)"]
    # a following word is not a sub-item
    assert find_refs("paragraph 4 in the plan") == ["¶4"]


@pytest.mark.parametrize("question, refs", [
    # sub-bullets, and the Portuguese, French and Spanish names of a panel
    ("O que diz o item 9.2 do Painel 2 do resumo de Quito?", ["Panel 2, bullet 9.2"]),
    ("Panel 2, bullet 9.2", ["Panel 2, bullet 9.2"]),
    ("What does point 9.2 of Panel 2 say?", ["Panel 2, bullet 9.2"]),
    ("Que dit le panneau 1 ?", ["Panel 1"]),
    ("¿Qué se dijo en el panel 2?", ["Panel 2"]),
    # an ordinal item before its container, in four languages
    ("Que dit le quatrième tiret du paragraphe 15 du plan ?", ["¶15, bullet 4"]),
    ("What does the third bullet of paragraph 8 say?", ["¶8, bullet 3"]),
    ("¿Qué dice la segunda viñeta del párrafo 6?", ["¶6, bullet 2"]),
    ("O que diz a quarta alínea do parágrafo 9?", ["¶9(d)"]),
    ("el tercer inciso del párrafo 9", ["¶9(c)"]),
    ("the fifth point of Panel 2", ["Panel 2, bullet 5"]),
    ("the 2nd bullet of paragraph 6", ["¶6, bullet 2"]),
    ("4º item do parágrafo 8", ["¶8, bullet 4"]),
    ("the first bullet of section II", ["§II, bullet 1"]),
    # an item after its container
    ("Panel 1, bullet 15", ["Panel 1, bullet 15"]),
    ("¶8, bullet 6", ["¶8, bullet 6"]),
    ("paragraph 8, the third bullet", ["¶8, bullet 3"]),
    # lettered sub-items named by a word
    ("inciso d del párrafo 9", ["¶9(d)"]),
    ("alínea b) do parágrafo 7", ["¶7(b)"]),
    ("le point c du paragraphe 9", ["¶9(c)"]),
    ("paragraph 9, item e", ["¶9(e)"]),
    ("item 7(g) of the plan", ["¶7(g)"]),
    # sections, sessions and paragraphs of a container
    ("sección II", ["§II"]),
    ("seção III", ["§III"]),
    ("Résumez la section II", ["§II"]),
    ("the second section", ["§II"]),
    ("Sessão 1", ["Session 1"]),
    ("Que s'est-il dit pendant la séance 2 ?", ["Session 2"]),
    ("la primera sesión", ["Session 1"]),
    ("What does the first discussion session of the Quito meeting cover?", ["Session 1"]),
    ("Panel 1, para 1", ["Panel 1, para 1"]),
    ("§II, para 1", ["§II, para 1"]),
    ("Preamble, para 2", ["Preamble, para 2"]),
    ("el segundo párrafo del preámbulo", ["Preamble, para 2"]),
    ("paragraph 2 of section II", ["§II, para 2"]),
    # several paragraphs or panels after a plural
    ("paragraphs 7, 8 and 9", ["¶7", "¶8", "¶9"]),
    ("párrafos 7 a 9", ["¶7", "¶8", "¶9"]),
    ("parágrafos 7 e 8", ["¶7", "¶8"]),
    ("les panneaux 1 et 2", ["Panel 1", "Panel 2"]),
])
def test_delegate_phrasings_in_four_languages(question: str, refs: list[str]):
    assert find_refs(question) == refs


@pytest.mark.parametrize("question, refs", [
    # ordinary words that only look like references
    ("What did the first working group decide?", []),
    ("Was there a second meeting?", []),
    ("What are the three points agreed?", []),
    ("the second point raised by Mexico", []),
    ("What does point 3 say?", []),  # a bullet needs its container
    ("Quel est le premier point à l'ordre du jour ?", []),
    ("¿Cuál es el punto de vista de la OIT?", []),
    ("Quais foram os três pontos principais?", []),
    ("Who spoke in the panel on child labor?", []),
    ("Panel discussion on labor mobility", []),
    ("Qual é o papel da sessão de abertura?", []),
    ("la sección sobre trabajo infantil", []),
    ("What did the 2 panels discuss?", []),
    ("third paragraph", []),  # which document's third paragraph?
    # Spanish and Portuguese "para" is "for"
    ("¿Qué hace el plan para 3 países?", []),
    ("O que o plano propõe para 5 anos?", []),
    ("¿Qué plan para 2030?", []),
    # a one-letter word after a paragraph number is not its sub-item
    ("In paragraph 9 I read that inspectors need training", ["¶9"]),
    ("O que diz o parágrafo 9 a respeito da inspeção?", ["¶9"]),
    ("Que dit le paragraphe 9 à propos des inspecteurs ?", ["¶9"]),
    ("parágrafo 7 e 8", ["¶7"]),
    ("Panel 2 and 3 other delegates", ["Panel 2"]),
])
def test_ordinary_words_name_no_reference(question: str, refs: list[str]):
    assert find_refs(question) == refs


@pytest.mark.skipif(not UNITS_DUMP.is_file(), reason="no units dump")
def test_every_citable_ref_written_in_a_question_resolves_to_itself():
    refs = [line.split("\t")[0].split(" ", 1)[1] for line in UNITS_DUMP.read_text().splitlines()
            if "\t" in line]
    assert len(refs) > 150
    for ref in refs:
        for question in (ref, f"What does {ref} say?", f"¿Qué dice {ref}?", f"Que dit {ref} ?"):
            assert find_refs(question) == [ref], question


def test_a_meeting_ordinal_names_its_document():
    from assistant.query.naming import named_by, naming_keys
    from assistant.types import DocMeta

    def doc_hints(question: str, docs: dict[str, DocMeta]) -> list[str]:
        return [n.doc_id for n in named_by(question, naming_keys(docs))]

    docs = {"plan": DocMeta("plan", "Plan", "p.txt", meeting="XXI IACML (virtual, 2021)", year=2021),
            "quito": DocMeta("quito", "Summary", "q.md", meeting="WG2 of the XX IACML, Quito",
                             place="Quito", year=2019)}
    assert doc_hints("What did the XXI IACML agree?", docs) == ["plan"]
    assert doc_hints("What did WG2 of the XX IACML discuss?", docs) == ["quito"]
    assert doc_hints("What is child labor?", docs) == []


@pytest.mark.parametrize("question,asks", [
    ("What is the title of the Quito summary?", True),
    ("¿Cuál es el título del plan de acción de 2021?", True),
    ("Qual é o subtítulo do plano?", True),
    ("Quel est le titre du plan d'action ?", True),
    ("What does the plan say about entitlements?", False),
    ("Who holds the title of Chair?", True),  # a title asked for; the caller checks whose
    ("What does the plan say about titling land?", False),
])
def test_a_title_is_asked_for_in_four_languages(question: str, asks: bool):
    assert asks_for_title(question) is asks


@pytest.mark.parametrize("question, refs", [
    ("What does paragraph 13(b) of the annex say?", ["Annex ¶13(b)"]),
    ("Annex ¶3", ["Annex ¶3"]),
    ("¿Qué dice el párrafo 2 del anexo?", ["Annex ¶2"]),
    ("Que dit le paragraphe 4 de l'annexe ?", ["Annex ¶4"]),
    ("paragraph 4 of the plan", ["¶4"]),
])
def test_a_paragraph_of_the_annex_is_cited_inside_it(question: str, refs: list[str]):
    assert find_refs(question) == refs


def test_numbers_in_words_count_right_after_what_they_number_in_each_language():
    assert find_refs("Read me bullet two of panel three") == ["Panel 3, bullet 2"]
    assert find_refs("¿Qué dice el párrafo doce?") == ["¶12"]
    assert find_refs("O que diz o parágrafo dois?") == ["¶2"]
    assert find_refs("Que dit le paragraphe onze ?") == ["¶11"]
    assert find_refs("Two paragraphs mention nine panels") == []  # a number word alone names nothing


def test_an_ordinal_paragraph_said_to_be_numbered_is_trusted_and_apartado_is_a_paragraph():
    assert find_refs("Show the third numbered paragraph") == ["¶3"]
    assert find_refs("the third paragraph") == []  # too loose without "numbered"
    assert find_refs("el inciso b del apartado 6") == ["¶6(b)"]
