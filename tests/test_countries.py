from assistant.query.countries import english_names, in_english


def test_other_language_country_names_are_read_in_english():
    assert in_english("Quanto o Brasil contribuiu?") == "Quanto o Brazil contribuiu?"
    assert in_english("Qu'ont fait les États-Unis et l'Équateur ?") == \
        "Qu'ont fait les United States et l'Ecuador ?"
    assert in_english("¿Qué hizo EE.UU. con la República Dominicana?") == \
        "¿Qué hizo United States con la Dominican Republic?"
    assert in_english("Trinité-et-Tobago et Saint-Vincent-et-les-Grenadines") == \
        "Trinidad and Tobago et Saint Vincent and the Grenadines"


def test_names_are_matched_whole_without_case_or_accents():
    assert english_names("el PERÚ, le pérou y Perú") == ["Peru"]
    # spacing, hyphens and dots vary
    assert english_names("EEUU, EE. UU., États Unis, Etats-Unis") == ["United States"]
    # "Dominica" is not the start of "dominicana", nor "Chili" of "chilien"
    assert english_names("la República Dominicana") == ["Dominican Republic"]
    assert english_names("les travailleurs chiliens") == []
    assert english_names("Grupo de Trabajo 2, Quito") == []
    # text around the names is kept as written
    assert in_english("Nothing to change here.") == "Nothing to change here."
