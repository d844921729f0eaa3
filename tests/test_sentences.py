"""Point answers: which statement comes first, one citation per unit, lead-ins whole or absent."""

from assistant.answer import sentences
from assistant.types import Unit


def test_the_answering_statement_comes_first_then_reading_order():
    opening = Unit("d", "¶4", "The harbour opened in 1950. It will close in 2031.", order=4)
    earlier = Unit("d", "¶2", "Ferries ran twice a day.", order=2)
    other = Unit("e", "¶1", "Another city.", order=1)
    picked = [(opening, "It will close in 2031."), (other, "Another city."),
              (earlier, "Ferries ran twice a day."), (opening, "The harbour opened in 1950.")]
    got = sentences.answer_first(picked)
    assert got[0] == (opening, "It will close in 2031.")
    assert got[1:] == [(earlier, "Ferries ran twice a day."), (opening, "The harbour opened in 1950."),
                       (other, "Another city.")]


def test_two_sentences_of_one_unit_make_one_citation():
    u = Unit("d", "¶4", "A one. A two.", order=4)
    v = Unit("d", "¶5", "B.", order=5)
    got = sentences.by_unit([(u, "A two."), (v, "B."), (u, "A one.")])
    assert [(x.ref, s) for x, s in got] == [("¶4", ["A two.", "A one."]), ("¶5", ["B."])]


def test_a_lead_in_is_whole_or_left_out():
    short = "The delegations of Chile and Peru said:"
    long = "Ms Rivera, Head of Unit, and the delegates of " + "several member states, " * 6 + "spoke."
    assert sentences.whole_lead(short, 90) == short
    assert sentences.whole_lead(long, 90) == ""
    assert "…" not in sentences.whole_lead(long, 90)
