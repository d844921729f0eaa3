from assistant.refs import find_refs


def test_bare_roman_sub_item_after_a_paragraph_number_is_a_reference():
    assert find_refs("paragraph 14 iii") == ["¶14(iii)"]
    assert find_refs("párrafo 9 d") == ["¶9(d)"]
    # a following word is not a sub-item
    assert find_refs("paragraph 4 in the plan") == ["¶4"]
