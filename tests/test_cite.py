import pytest

from assistant import cite


def test_format_and_parse_roundtrip():
    cid = cite.format_cid("poa-ba-2021", "¶9(d)")
    assert cid == "poa-ba-2021 ¶9(d)"
    assert cite.parse_cid("wg2-quito-2019 Panel 2, bullet 5") == ("wg2-quito-2019", "Panel 2, bullet 5")
    with pytest.raises(ValueError):
        cite.parse_cid("nospace")


def test_within():
    assert cite.within("¶8, bullet 3", "¶8")
    assert cite.within("¶9(d)", "¶9")
    assert cite.within("Panel 1, bullet 6.2", "Panel 1, bullet 6")
    assert not cite.within("¶9", "¶9(d)")
    assert not cite.within("¶10", "¶1")
    assert not cite.within("Panel 1, bullet 60", "Panel 1, bullet 6")


def test_marks_and_stripping_unknown_ones():
    text = "A [poa-ba-2021 ¶8] B [wg2-quito-2019 Panel 9, bullet 1] C [click here]"
    assert cite.marks_in(text) == ["poa-ba-2021 ¶8", "wg2-quito-2019 Panel 9, bullet 1"]
    out = cite.strip_unknown_marks(text, {"poa-ba-2021 ¶8"})
    assert "[poa-ba-2021 ¶8]" in out and "Panel 9" not in out and "[click here]" in out


def test_ref_sort_key_orders_paragraph_numbers_numerically():
    refs = ["¶10", "¶9(d)", "¶9", "¶1"]
    assert sorted(refs, key=cite.ref_sort_key) == ["¶1", "¶9", "¶9(d)", "¶10"]


def test_a_paragraph_number_resolves_inside_the_only_container_that_numbers_it():
    from assistant.cite import missing_paragraph, resolve_in

    refs = ["Preamble, para 1", "¶1", "¶2"] + [f"Annex ¶{i}" for i in range(1, 26)] + ["Annex ¶13(a)"]
    assert resolve_in("¶15", refs) == ["Annex ¶15"]
    assert resolve_in("¶13", refs) == ["Annex ¶13", "Annex ¶13(a)"]
    assert resolve_in("¶1", refs) == ["¶1"]  # the resolution's own paragraph comes first
    assert resolve_in("¶40", refs) == []
    assert resolve_in("¶3", refs + ["Annex II ¶3"]) == []  # two annexes number it: ambiguous
    assert missing_paragraph("The Awaza Political Declaration", "¶40", refs) == (
        "The Awaza Political Declaration has no paragraph 40 (its paragraphs are 1-2; Annex 1-25).")
