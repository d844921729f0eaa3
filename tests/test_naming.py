"""Which document a question names, and how strongly (naming.naming_keys / named_by)."""

from assistant.query.naming import named_by, naming_keys
from assistant.types import DocMeta

DOCS = {"plan": DocMeta("plan", "Plan", "p.txt", meeting="XXI IACML (virtual, 2021)",
                        place="Buenos Aires", year=2021, kind="plan of action"),
        "quito": DocMeta("quito", "Summary", "q.md", meeting="WG2 of the XX IACML, Quito",
                         place="Quito", year=2019, kind="meeting summary")}
TEXTS = {"plan": "The XXI IACML adopts this plan in 2021. WG2 follows up. Buenos Aires 2021.",
         "quito": "WG2 met in Quito during the XX IACML. The XXI IACML was prepared. "
                  "The plan of action of Bridgetown."}


def test_place_year_and_meeting_name_strongly_the_kind_only_weakly():
    keys = naming_keys(DOCS, TEXTS)
    quito = named_by("Who opened the meeting in Quito?", keys)
    assert [(n.doc_id, n.strong) for n in quito] == [("quito", True)]
    plan = named_by("What does the plan say about inspection?", keys)
    assert [(n.doc_id, n.strong, sorted(n.words)) for n in plan] == [("plan", False, ["plan"])]
    assert named_by("What is child labor?", keys) == []


def test_a_word_both_documents_use_as_much_is_only_weak():
    keys = naming_keys(DOCS, TEXTS)
    # both texts speak of the XXI IACML: it no longer picks the plan out strongly
    xxi = named_by("What did the XXI IACML decide?", keys)
    assert [(n.doc_id, n.strong) for n in xxi] == [("plan", False)]
    # the file slug names nothing: "WG2" is discussed by both
    assert named_by("What does WG2 follow up on?", keys) == []


def test_strong_namings_come_first():
    keys = naming_keys(DOCS, TEXTS)
    found = named_by("Did the plan of action discuss the Quito meeting?", keys)
    assert [n.doc_id for n in found] == ["quito", "plan"]


def test_a_kind_word_qualified_by_another_name_names_another_document():
    keys = naming_keys(DOCS, TEXTS)
    assert named_by("Who chaired WG1 under the Bridgetown plan?", keys) == []
    assert named_by("What did the Plan of Action of Bridgetown say?", keys) == []
    assert [n.doc_id for n in named_by("What does the plan say about Canada?", keys)] == ["plan"]
    assert [n.doc_id for n in named_by("What does the Buenos Aires plan say?", keys)] == ["plan"]


def test_a_title_word_only_one_document_uses_names_it_strongly():
    from assistant.query.naming import named_by, naming_keys
    from assistant.types import DocMeta

    docs = {"res-a": DocMeta("res-a", "International Day of Rural Shepherds", "a.md", year=2025),
            "res-b": DocMeta("res-b", "Decade of Coastal Fisheries", "b.md", year=2025)}
    texts = {"res-a": "shepherds " * 6 + "meeting " * 9 + "2025", "res-b": "fisheries " * 5 + "meeting 2025"}
    keys = naming_keys(docs, texts)
    assert keys["res-a"][0] == {"shepherds"} and keys["res-b"][0] == {"fisheries"}  # 2025 is shared
    assert [n.doc_id for n in named_by("What does the resolution on shepherds decide?", keys)] == ["res-a"]
    assert "meeting" not in keys["res-a"][0]  # a common word names nothing, however often used


def test_a_document_symbol_names_its_document_strongly():
    from assistant.types import DocMeta

    docs = {"r3": DocMeta("r3", "Declaration on ports", "r3.md", symbol="A/RES/81/3"),
            "r10": DocMeta("r10", "Day of rivers", "r10.md", symbol="A/RES/81/10"),
            "m": DocMeta("m", "Summary", "m.md", symbol="XYZ-2/GT1/doc.4/19")}
    keys = naming_keys(docs, {"r3": "ports ports", "r10": "rivers", "m": "summary"})
    found = named_by("What does resolution 81/3 decide?", keys)
    assert [(n.doc_id, n.strong) for n in found] == [("r3", True)]
    assert [n.doc_id for n in named_by("and document doc.4/19?", keys)] == ["m"]
    assert named_by("What happened in 81/30?", keys) == []


TREATIES = {"t1": DocMeta("t1", "Harbour Treaty", "t1.md", kind="resolution", year=2030),
            "t2": DocMeta("t2", "River Treaty", "t2.md", kind="resolution", year=2031),
            "notes": DocMeta("notes", "Notes", "n.md", kind="plan of action")}


def test_a_plural_kind_names_every_document_of_that_kind_in_each_language():
    keys = naming_keys(TREATIES)
    for q in ("What do the resolutions say on tolls?", "¿Qué dicen las resoluciones sobre peajes?",
              "O que dizem as resoluções sobre pedágios?", "Que disent les résolutions sur les péages ?"):
        found = named_by(q, keys)
        assert sorted(n.doc_id for n in found) == ["t1", "t2"] and all(n.plural for n in found), q


def test_a_kind_in_another_language_names_weakly_and_a_plural_of_no_kind_names_nothing():
    keys = naming_keys(TREATIES)
    one = named_by("¿Qué dice la resolución sobre peajes?", keys)
    assert sorted(n.doc_id for n in one) == ["t1", "t2"] and not any(n.plural or n.strong for n in one)
    # "actions" is no plural of the kind "plan of action"
    assert named_by("Which actions are listed?", keys) == []
