from assistant.query.answertype import (
    DATE,
    PERSON,
    QUANTITY,
    counted_words,
    counts,
    question_type,
    unit_types,
)
from tests.features_helper import qf


def test_question_type_in_four_languages():
    assert question_type("How many ministries attended?") == QUANTITY
    assert question_type("What percentage of child labor is hazardous?") == QUANTITY
    assert question_type("¿Cuántos países asistieron?") == QUANTITY
    assert question_type("Quelle part du travail des enfants est agricole ?") == QUANTITY
    assert question_type("When was the plan agreed?") == DATE
    assert question_type("¿En qué año fue creada la RIAL?") == DATE
    assert question_type("Quando o plano foi acordado?") == DATE
    assert question_type("Who moderated the panel?") == PERSON
    assert question_type("¿Cómo se llama la ministra de trabajo?") == PERSON
    assert question_type("Qui a inauguré la réunion ?") == PERSON
    assert question_type("Comment s'appelle le délégué de la COSATE ?") == PERSON
    assert question_type("What is the name of the CEATAL delegate?") == PERSON
    # an age is a quantity
    assert question_type("What is the minimum age for admission to employment?") == QUANTITY
    assert question_type("¿A qué edad pueden trabajar los adolescentes?") == QUANTITY
    assert question_type("Quel âge minimum la réunion a-t-elle recommandé ?") == QUANTITY
    assert question_type("What does WG2 follow up on?") == ""
    # "when" inside a clause is not a question about a date
    assert question_type("How should dialogue be used when policies are made?") == ""


def test_unit_types_read_people_dates_and_quantities():
    assert PERSON in unit_types("Moderator: Ana Lucía Blanco, International Affairs Advisor of the Ministry")
    assert PERSON in unit_types("The meeting was inaugurated by Mr. Marcelo Bancalari.")
    assert PERSON in unit_types("Presentations by Roberto Cancel, Technical Specialist on Labor Mobility")
    assert PERSON not in unit_types("The delegates of Honduras, the United States, Mexico, Colombia spoke.")
    assert PERSON not in unit_types("the Trade Union Technical Advisory Council (COSATE)")
    assert PERSON not in unit_types("The delegate of COSATE said that ending child labor matters.")
    assert PERSON in unit_types("Ana Pérez, delegate of CEATAL, said that ending child labor matters.")
    assert DATE in unit_types("Agreed upon on July 30th, 2021")
    assert DATE in unit_types("held on 3 December 2019")
    assert DATE not in unit_types("Member states will devote resources.")
    assert QUANTITY in unit_types("attended by delegations of 20 Ministries of Labor")
    assert QUANTITY in unit_types("75% of child labor is hazardous")
    assert QUANTITY in unit_types("It needs US$ 150,000 a year")
    assert QUANTITY not in unit_types("Working Group 2 and the COVID-19 crisis under Convention 189")


def test_only_questions_about_who_holds_a_role_must_be_answered_by_a_person():
    from assistant.decide.support import lacks_answer_type
    from assistant.query.answertype import asks_who_holds_a_role
    from assistant.types import Unit

    assert asks_who_holds_a_role("Who is the Secretary General of the OAS?")
    assert asks_who_holds_a_role("¿Quién es el ministro de trabajo de Chile?")
    assert not asks_who_holds_a_role("Who paid for the meeting?")
    assert not asks_who_holds_a_role("Who moderated the panel?")
    assert asks_who_holds_a_role("Comment s'appelle le ministre du Travail argentin ?")
    assert asks_who_holds_a_role("What is the name of the Minister of Labor of Argentina?")
    assert not asks_who_holds_a_role("What is the name of the network?")
    # a thing of the ministry is not the minister
    assert not asks_who_holds_a_role("Como se chama a plataforma do Ministério do Trabalho do Equador?")
    assert not asks_who_holds_a_role("Como se chama o programa que o ministério do trabalho do Peru tem?")
    assert asks_who_holds_a_role("Qual é o nome do ministro do Trabalho?")
    body = Unit("d", "¶3", "The OAS General Assembly approved the guidelines in 2017.", 0)
    named = Unit("d", "¶4", "Moderator: Ana Lucía Blanco, International Affairs Advisor.", 1)
    def held(u: Unit) -> list[tuple[frozenset[str], str]]:
        return [(unit_types(u.text), u.text)]

    assert lacks_answer_type(qf("Who is the Secretary General of the OAS?", 1), held(body)) == PERSON
    assert lacks_answer_type(qf("Who is the moderator?", 1), held(named)) == ""
    assert lacks_answer_type(qf("Who paid for the meeting?", 1), held(body)) == ""


def test_what_a_count_question_counts():
    assert counted_words("How many children in Guatemala are in child labor?") == ["children"]
    assert counted_words("How many member States paid?") == ["member", "states"]
    assert counted_words("What is the total number of companies in the network?") == ["companies"]
    assert counted_words("How much has Canada given?") == []
    assert counted_words("What did the plan say?") == []


def test_numbers_in_a_list_of_dates_are_not_quantities():
    assert unit_types("held virtually on September 22, 23 and 24, 2021") == {DATE}
    assert QUANTITY in unit_types("attended by 20 Ministries of Labor")


def test_a_number_counts_only_what_stands_next_to_it():
    children = ["children"]
    assert counts("There are 1.2 million children in child labor.", children)
    # a number of something else, a share and an age do not count children
    assert not counts("In Guatemala, the 22 Departments have Departmental Committees for the "
                      "Prevention and Eradication of Child Labor.", children)
    assert not counts("75% of child labor is hazardous.", children)
    assert not counts("The most affected are children from 14 to 17 years old.", children)
    # a list's lead-in counts by its items; an enumeration counts named things only
    assert counts("WG2 will follow up on the following topics:", ["topics"])
    implemented = "The Model has been implemented in Argentina, Brazil, Chile, and Peru."
    assert counts(implemented, ["countries"]) and not counts(implemented, children)
