"""Metadata for a document dropped in without an entry: read from its first page;
the metadata file overrides it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.ingest.corpus import ingest
from assistant.ingest.firstpage import find_date, find_symbol, guess_language
from assistant.ingest.metadata import infer_meta
from assistant.ingest.readers import read_file
from assistant.ingest.readers.markdown import blocks_from_markdown
from assistant.ingest.readers.text import blocks_from_text
from assistant.models.embed import FakeEmbedder

from .conftest import CORPUS, PLAN, QUITO

FAKE = FakeEmbedder()


@pytest.mark.parametrize("path", [PLAN, QUITO])
def test_first_page_gives_what_the_metadata_file_says(path: Path):
    given = json.loads((CORPUS / "metadata.json").read_text())["documents"][path.name]
    got = infer_meta(path.name, read_file(path).blocks)
    assert got.title.lower() == given["title"].lower()
    assert got.date == given["date"] and got.language == given["language"] == "en"
    if given["symbol"]:
        assert got.symbol == given["symbol"]


def test_plan_body_citing_another_documents_symbol_is_not_its_symbol():
    assert "CIDI/doc.228/17" in PLAN.read_text()
    assert infer_meta(PLAN.name, read_file(PLAN).blocks).symbol == ""


def test_markdown_title_is_its_hash_heading_not_its_first_numbered_paragraph():
    blocks = blocks_from_markdown("# Lima Declaration\n\n1. The ministers agreed to meet again in 2031 "
                                  "to review the plan.\n\n2. Second paragraph.\n")
    assert infer_meta("lima.md", blocks).title == "Lima Declaration"


def test_title_is_never_a_numbered_paragraph():
    blocks = blocks_from_text("1. The ministers agreed to meet again in 2031.\n\n2. Second.\n")
    assert infer_meta("notes-2031.txt", blocks).title == "notes-2031"


def test_header_title_comes_after_the_symbol_block():
    text = ("ORGANIZATION OF AMERICAN STATES\n\nInter-American Council for Integral Development\n\n"
            "OEA/Ser.K/XII.21.1\nCIMT-21/doc.7/21 rev.1\n24 septiembre 2021\nOriginal: español\n\n"
            "DECLARACIÓN DE BUENOS AIRES\n\n1. Nosotros, los Ministros y Ministras de Trabajo, reunidos "
            "virtualmente, reafirmamos el compromiso con el trabajo decente y la protección social.\n")
    meta = infer_meta("decl.txt", blocks_from_text(text))
    assert meta.title == "DECLARACIÓN DE BUENOS AIRES"
    assert meta.symbol == "CIMT-21/doc.7/21 rev.1 (OEA/Ser.K/XII.21.1)"
    assert (meta.date, meta.year, meta.language) == ("2021-09-24", 2021, "es")


@pytest.mark.parametrize("line,symbol", [
    ("CIMT-20/GT1-GT2/doc.10/19", "CIMT-20/GT1-GT2/doc.10/19"),
    ("OEA/Ser.K/XII.21.1", "OEA/Ser.K/XII.21.1"),
    ("CIDI/doc.228/17", "CIDI/doc.228/17"),
    ("OEA/Ser.L/XIX.VI.1\nCIMT-20/GT1-GT2/doc.10/19", "CIMT-20/GT1-GT2/doc.10/19 (OEA/Ser.L/XIX.VI.1)"),
    ("Distribution: general", ""),
])
def test_symbols(line: str, symbol: str):
    assert find_symbol(blocks_from_text(f"TITLE OF THE DOCUMENT\n\n{line}\n\n1. Body.\n")) == symbol


@pytest.mark.parametrize("text,iso", [
    ("27 January 2020", "2020-01-27"), ("July 30th, 2021", "2021-07-30"),
    ("December 3 – 5, 2019", "2019-12-03"), ("27 de enero de 2020", "2020-01-27"),
    ("1º de março de 2021", "2021-03-01"), ("15 de setembro de 2019", "2019-09-15"),
    ("1er janvier 2020", "2020-01-01"), ("24 février 2022", "2022-02-24"),
    ("2021-09-24", "2021-09-24"), ("24/09/2021", "2021-09-24"), ("09/24/2021", "2021-09-24"),
    ("31 February 2020", ""), ("no date here", ""),
])
def test_dates_in_four_languages_and_numeric_forms(text: str, iso: str):
    assert find_date(blocks_from_text(f"SOME TITLE\n\n{text}\n")) == iso


@pytest.mark.parametrize("text,lang", [
    ("The ministers of labor agreed on the plan of action for the working groups.", "en"),
    ("Los ministros de trabajo acordaron el plan de acción para la protección social.", "es"),
    ("Os ministros do trabalho acordaram o plano de ação para a proteção social dos trabalhadores.", "pt"),
    ("Les ministres du travail ont adopté le plan d'action pour la protection sociale.", "fr"),
])
def test_language(text: str, lang: str):
    assert guess_language(text) == lang


def test_metadata_file_overrides_inferred_fields(tmp_path: Path):
    (tmp_path / "lima.md").write_text("# Lima Declaration\n\nCIMT-22/doc.3/24\n\n12 March 2024\n\n"
                                      "1. The ministers met in Lima.\n")
    (tmp_path / "metadata.json").write_text(json.dumps(
        {"documents": {"lima.md": {"doc_id": "lima-2024", "title": "Declaration of Lima", "symbol": ""}}}))
    res = ingest(tmp_path, FAKE.count_tokens, FAKE.max_tokens, reader=read_file)
    (meta,) = res.docs
    assert (meta.doc_id, meta.title, meta.symbol) == ("lima-2024", "Declaration of Lima", "")
    assert (meta.date, meta.year) == ("2024-03-12", 2024)  # not in the file: inferred


def test_evidence_is_checked_as_a_map_of_strings():
    from assistant.ingest.metadata import check_entry

    good, problems = check_entry("a.md", {"title": "T", "evidence": {"title": "line 3: T"}})
    assert good["evidence"] == {"title": "line 3: T"} and not problems
    good, problems = check_entry("a.md", {"evidence": {"title": ["x"]}})
    assert "evidence" not in good and problems
