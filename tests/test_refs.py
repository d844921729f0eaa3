from assistant.refs import find_refs


def test_bare_roman_sub_item_after_a_paragraph_number_is_a_reference():
    assert find_refs("paragraph 14 iii") == ["¶14(iii)"]
    assert find_refs("párrafo 9 d") == ["¶9(d)"]
    # a following word is not a sub-item
    assert find_refs("paragraph 4 in the plan") == ["¶4"]


def test_a_meeting_ordinal_names_its_document():
    from assistant.refs import doc_hints
    from assistant.types import DocMeta

    docs = {"plan": DocMeta("plan", "Plan", "p.txt", meeting="XXI IACML (virtual, 2021)", year=2021),
            "quito": DocMeta("quito", "Summary", "q.md", meeting="WG2 of the XX IACML, Quito",
                             place="Quito", year=2019)}
    assert doc_hints("What did the XXI IACML agree?", docs) == ["plan"]
    assert doc_hints("What did WG2 of the XX IACML discuss?", docs) == ["quito"]
    assert doc_hints("What is child labor?", docs) == []
