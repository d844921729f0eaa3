"""Overviews (outline.py): which part is asked about, how points are shared out, which are taken."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from assistant import settings
from assistant.answer import outline
from assistant.types import DocMeta, Hit, Unit

P1, P2 = ("III. TALKS", "Panel 1: Tolls"), ("III. TALKS", "Panel 2: Ferries")
UNITS = ([Unit("talks", f"§I, para {i}", f"Came {i}.", i, headings=("I. PARTICIPANTS",)) for i in range(2)]
         + [Unit("talks", f"Panel 1, bullet {i}", f"Tolls {i}.", 10 + i, headings=P1) for i in range(6)]
         + [Unit("talks", f"Panel 2, bullet {i}", f"Ferries {i}.", 20 + i, headings=P2) for i in range(6)])


def test_points_are_shared_one_each_then_by_size_never_past_a_group():
    assert outline._split(6, [1, 10, 5]) == [1, 3, 2]
    assert outline._split(2, [1, 10, 5]) == [0, 1, 1]  # too few: the largest groups first
    assert outline._split(20, [1, 2, 3]) == [1, 2, 3]


def test_a_heading_named_by_its_label_is_the_part_asked_about():
    assert outline.named_section(UNITS, "Summarise panel 2 of the talks") == P2
    assert outline.named_section(UNITS, "Summarise the talks") is None


def test_the_section_holding_most_best_hits_beyond_its_size_is_the_part_asked_about():
    ferries = [Hit(u, 1.0) for u in UNITS if u.headings == P2][:5] + [Hit(UNITS[0], 1.0)]
    assert outline.focused_section(UNITS, ferries) == P2
    spread = [Hit(u, 1.0) for u in UNITS[::2]]  # a summary of the whole: hits everywhere
    assert outline.focused_section(UNITS, spread) is None


def _retriever(units: list[Unit], vecs: np.ndarray) -> SimpleNamespace:
    vecs = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    return SimpleNamespace(row_of={u.key: i for i, u in enumerate(units)}, unit_vecs=vecs)


def test_central_points_come_from_the_centre_and_the_diversity_knob_keeps_them_apart():
    units = UNITS[2:8]
    # three near-copies of the main point, two other points, one aside
    vecs = np.array([[1, 0.1, 0], [1, 0.12, 0], [1, 0.11, 0], [0.6, 0.8, 0], [0.8, 0, 0.6], [0, 0, 1]])
    r = _retriever(units, vecs)
    before = settings.current()
    try:
        settings.use(before.with_values({"broad.outline_diversity": "0", "broad.outline_lead": "false"}))
        assert outline.central(r, units, 2) == units[1:3]  # the most central: two copies
        settings.use(before.with_values({"broad.outline_diversity": "0.7", "broad.outline_lead": "false"}))
        got = outline.central(r, units, 3)
    finally:
        settings.use(before)
    assert sum(u in got for u in units[:3]) == 1 and units[5] not in got  # the main point once
    assert got == sorted(got, key=lambda u: u.order)


def test_every_heading_under_the_part_asked_about_gets_a_point_in_document_order():
    r = _retriever(UNITS, np.random.default_rng(0).normal(size=(len(UNITS), 8)))
    got = outline.pick(r, UNITS, 0, 5)
    heads = {u.headings for u in got}
    assert heads == {("I. PARTICIPANTS",), P1, P2} and len(got) == 5


def test_acronyms_of_words_in_a_row_keep_their_numbers():
    assert {"wg2", "hb"} <= outline._initials("Working Group 2 of the Harbour Board")


def test_a_summary_asked_in_the_documents_own_words_is_of_the_whole_document():
    from tests.features_helper import qf

    meta = DocMeta("talks", "Notes of the Harbour Talks", "t.md", kind="meeting summary",
                   meeting="Working Group 2, Oslo, 3 May 2030", place="Oslo", year=2030)
    r = SimpleNamespace(idx=SimpleNamespace(docs={"talks": meta}))
    assert outline.about_itself(r, qf("Summarise the Oslo WG2 meeting of May 2030"), "talks")
    assert not outline.about_itself(r, qf("Summarise what the Oslo talks said on ferries"), "talks")


def test_each_heading_opens_with_its_first_paragraph():
    r = _retriever(UNITS, np.random.default_rng(1).normal(size=(len(UNITS), 8)))
    got = outline.central(r, UNITS[2:8], 2)
    assert got[0] == UNITS[2]
