"""PDF through pypdf: the extracted text goes through the plain-text rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.ingest.readers.errors import ReaderError
from assistant.ingest.readers.text import blocks_from_text
from assistant.types import Block


def check_complete(path: Path) -> None:
    """A PDF ends with %%EOF; pypdf would quietly rebuild a cut-off file from
    whatever survived, so a truncated download is named instead of half-read."""
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - 2048))
        tail = f.read()
    if b"%%EOF" not in tail:
        raise ReaderError("truncated", "the PDF has no end marker (%%EOF); the file is cut off")


def _declared_pages(reader: Any) -> int:
    """The page count the file claims, read before pypdf walks the page tree."""
    try:
        return int(reader.trailer["/Root"]["/Pages"]["/Count"])
    except (KeyError, TypeError, ValueError):
        return 0


def blocks_from_pdf(path: Path, max_pages: int = 2000) -> list[Block]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as e:  # pragma: no cover - depends on the install
        raise ReaderError("pdf-support-missing", str(e)) from e
    check_complete(path)
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            raise ReaderError("encrypted", "the PDF is encrypted; save an unprotected copy")
        declared = _declared_pages(reader)
        if declared > max_pages:
            raise ReaderError("too-many-pages", f"the PDF claims {declared} pages (limit {max_pages})")
        if len(reader.pages) > max_pages:
            raise ReaderError("too-many-pages", f"{len(reader.pages)} pages (limit {max_pages})")
        # Pages are joined by a blank line: a page break also ends a paragraph,
        # unless the units stage sees the sentence run on and mends it.
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReaderError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as e:
        raise ReaderError("unreadable-pdf", f"{type(e).__name__}: {e}") from e
    text = "\n\n".join(pages)
    if not text.strip():
        raise ReaderError("no-text", "the PDF has no text layer (a scan?); run OCR first")
    return blocks_from_text(text)
