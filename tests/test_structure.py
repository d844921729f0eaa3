from assistant.ingest.structure import heading_label, is_heading_line, is_toc, marker


def test_markers():
    assert marker("8. WG2 will follow up").kind == "numbered"
    assert marker(" d) Strengthen labor inspection").label == "d"
    assert marker("ii. Working Group 2").kind == "roman"
    assert marker("- prevention of child labor").kind == "bullet"
    assert marker("The meeting").kind == "none"


def test_i_after_h_is_a_letter_not_a_roman_numeral():
    assert marker("i) Continue deepening", prev_letter="h").kind == "letter"
    assert marker("i. Working Group 1").kind == "roman"


def test_headings_and_labels():
    assert is_heading_line("C. WORKING GROUPS")
    assert not is_heading_line("(Agreed upon at the Preparatory Meeting)")
    assert heading_label("II. BACKGROUND").label == "§II"
    assert heading_label("Panel 2: Regular, safe and orderly labor mobility").label == "Panel 2"
    prefixed = heading_label("Discussion and information session: Reports from the RIAL")
    assert (prefixed.kind, prefixed.label) == ("prefixed", "Session")
    assert heading_label("WORKING GROUP 1 (WG1): INTEGRATED POLICIES").kind == "plain"


def test_table_of_contents():
    assert is_toc("I. Description.....\t1\nII. Background.....\t2")
    assert not is_toc("A sentence... with an ellipsis.")
