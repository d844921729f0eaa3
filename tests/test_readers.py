from pathlib import Path

import pytest

from assistant.ingest.readers import ReaderError, decode_text, read_file
from assistant.ingest.readers.html import blocks_from_html
from assistant.ingest.readers.text import blocks_from_text, is_pdf_dump

from .conftest import PLAN, QUITO


def test_plan_dump_is_reflowed_and_glued_page_breaks_split():
    r = read_file(PLAN)
    texts = [b.text for b in r.blocks]
    assert r.fmt == "text" and is_pdf_dump(PLAN.read_text().split("\n"))
    assert any(t.startswith("d) Strengthen labor inspection") for t in texts)
    assert any(t.startswith("8. WG2 will follow up") for t in texts)
    assert not any("\n" in t for t in texts)


def test_markdown_headings_bullets_levels_and_toc():
    r = read_file(QUITO)
    kinds = {b.kind for b in r.blocks}
    assert {"heading", "para", "bullet", "toc"} <= kinds
    assert any(b.kind == "bullet" and b.level == 1 for b in r.blocks)
    assert not any("**" in b.text or "](" in b.text for b in r.blocks)


def test_plain_text_with_blank_line_paragraphs():
    blocks = blocks_from_text("1. First para\nwrapped line.\n\n2. Second para.\n")
    assert [b.text for b in blocks] == ["1. First para wrapped line.", "2. Second para."]


def test_html_reader():
    html = "<html><head><style>x{}</style></head><body><h2>I. INTRO</h2><p>Hello <b>world</b>.</p>" \
           "<ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul><script>alert(1)</script></body></html>"
    blocks = blocks_from_html(html)
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        ("heading", "I. INTRO", 2), ("para", "Hello world.", 0), ("bullet", "one", 0),
        ("bullet", "two", 0), ("bullet", "deep", 1)]


def test_docx_reader(tmp_path: Path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("I. BACKGROUND", level=1)
    d.add_paragraph("1. The ministers agreed.")
    d.add_paragraph("a point", style="List Bullet")
    path = tmp_path / "x.docx"
    d.save(str(path))
    r = read_file(path)
    assert [(b.kind, b.text) for b in r.blocks] == [
        ("heading", "I. BACKGROUND"), ("para", "1. The ministers agreed."), ("bullet", "a point")]


@pytest.mark.parametrize("data,enc", [
    ("Inspección laboral".encode("utf-8-sig"), "utf-8-sig"),
    ("Inspección laboral".encode("utf-16"), "utf-16"),
    ("Inspección laboral".encode("cp1252"), "cp1252"),
    ("Inspección laboral".encode(), "utf-8"),
])
def test_encodings_detected(data: bytes, enc: str):
    text, got = decode_text(data)
    assert text == "Inspección laboral" and got == enc


@pytest.mark.parametrize("name,data,reason", [
    ("a.xyz", b"text", "unknown-extension"),
    ("a.pdf", b"just text, not a pdf", "content-mismatch"),
    ("a.txt", b"%PDF-1.4 binary", "content-mismatch"),
    ("a.txt", b"", "empty"),
    ("a.pdf", b"%PDF-1.4\n%%EOF", "unreadable-pdf"),
    ("a.docx", b"PK\x03\x04broken zip", "truncated"),
])
def test_bad_files_raise_named_errors(tmp_path: Path, name: str, data: bytes, reason: str):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(ReaderError) as e:
        read_file(p)
    assert e.value.reason == reason
