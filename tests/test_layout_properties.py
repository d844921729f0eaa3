"""Property: in any generated layout every numbered paragraph, item and preamble clause
becomes exactly one unit with its ref and its text as quoted (footnote calls removed),
nothing else is a unit, and no word of the paragraphs is lost."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from assistant.ingest.readers.markdown import blocks_from_markdown
from assistant.ingest.readers.text import blocks_from_text
from assistant.ingest.units import build_units
from assistant.models.embed import FakeEmbedder

from .gen_docs import Doc, documents

FAKE = FakeEmbedder()


def _units(doc: Doc):
    reader = blocks_from_markdown if doc.fmt == "md" else blocks_from_text
    return build_units("doc-x", reader(doc.text), FAKE.count_tokens, 10_000)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_numbered_paragraph_is_exactly_one_unit_with_its_ref(doc: Doc):
    units, rep = _units(doc)
    got = [(u.ref, " ".join(u.text.split())) for u in units]
    assert got == [(ref, " ".join(text.split())) for ref, text in doc.expected], doc.text
    assert not any("Distr." in u.text or "Note number" in u.text for u in units)


@settings(max_examples=60, deadline=None)
@given(documents())
def test_footnotes_stay_with_the_paragraph_that_calls_them(doc: Doc):
    units, _ = _units(doc)
    called = [n for u in units for n in u.notes]
    assert called == [f"{k}. Note number {k} of the document." for k in range(1, len(called) + 1)]
    assert len(called) == doc.text.count("]: Note number")  # every note found its paragraph


def test_generator_writes_the_layouts_it_claims():
    """The generator itself: one example of each layout feature is produced."""
    from hypothesis import find

    def has(pred):
        return find(documents(), pred, settings=settings(max_examples=400, database=None))

    assert has(lambda d: "\r\n" in d.text)
    assert has(lambda d: d.fmt == "txt" and "\n \n" in d.text)  # PDF dump spacer lines
    assert has(lambda d: ". 2. " in d.text)  # glued mid-line after a sentence end
    assert has(lambda d: any(r.startswith("Annex ¶") for r, _ in d.expected))
    assert has(lambda d: any(r.startswith("Preamble") for r, _ in d.expected))
    assert has(lambda d: "[^1]:" in d.text and ",1 " in d.text)
    assert Path(__file__).name  # keep pytest's rewrite quiet about an unused import
