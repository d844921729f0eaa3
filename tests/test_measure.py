import pytest

from assistant.query.measure import AGE, DURATION, MONEY, SHARE, asked_measure, gives_measure


@pytest.mark.parametrize("question,measure", [
    ("What share of child labor is hazardous?", SHARE),
    ("What is the reduction rate of child labor since 2008?", SHARE),
    ("Qual é a taxa de informalidade entre os migrantes?", SHARE),
    ("¿Qué porcentaje de los migrantes fue a Colombia?", SHARE),
    ("Quel pourcentage du travail des enfants est dangereux ?", SHARE),
    ("How much money does the network need each year?", MONEY),
    ("What is the budget allocated to the 2020 activities?", MONEY),
    ("¿Cuál es el presupuesto aprobado para 2022?", MONEY),
    ("¿Qué presupuesto asignó la OEA para 2020?", MONEY),
    ("Quanto o Brasil já contribuiu para o fundo?", MONEY),
    ("Combien le Canada a-t-il versé au fonds ?", MONEY),
    ("Quelle durée de congé de maternité le plan prévoit-il ?", DURATION),
    ("Combien de jours de congés payés un salarié a-t-il ?", DURATION),
    ("At what age may children work?", AGE),
    ("Quel âge minimum d'admission à l'emploi ?", AGE),
    # counts and plain questions ask for no particular measure
    ("Combien de pays ont contribué au fonds ?", ""),
    ("¿Cuántos países asistieron?", ""),
    ("How many ministries attended?", ""),
    ("What does the plan say about the budget process?", ""),
])
def test_the_measure_a_question_asks_for(question, measure):
    assert asked_measure(question) == measure


def test_a_paragraph_gives_a_measure_only_in_a_number_of_that_kind():
    shares = "75% of child labor is hazardous; 68% is unpaid family work."
    money = "Contributions of USD $120,000 per year are required."
    ages = "The most affected are children from 14 to 17 years old."
    assert gives_measure(shares, SHARE) and not gives_measure(shares, MONEY)
    assert gives_measure(money, MONEY) and not gives_measure(money, SHARE)
    assert gives_measure(ages, AGE) and not gives_measure(ages, DURATION)  # an age is no duration
    assert gives_measure("Leave lasts 14 weeks.", DURATION)
    assert not gives_measure("20 million people work outside their country.", MONEY)
    assert gives_measure("anything", "")  # no measure asked: nothing to check
