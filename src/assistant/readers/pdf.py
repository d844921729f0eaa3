"""PDF through pypdf: the extracted text goes through the plain-text rules."""

from __future__ import annotations

from pathlib import Path

from ..types import Block
from .errors import ReaderError
from .text import blocks_from_text


def blocks_from_pdf(path: Path, max_pages: int = 2000) -> list[Block]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as e:  # pragma: no cover - depends on the install
        raise ReaderError("pdf-support-missing", str(e)) from e
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            raise ReaderError("encrypted", "the PDF is encrypted; save an unprotected copy")
        if len(reader.pages) > max_pages:
            raise ReaderError("too-many-pages", f"{len(reader.pages)} pages (limit {max_pages})")
        # Pages are joined by a blank line: a page break also ends a paragraph,
        # unless the units stage sees the sentence run on and mends it.
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReaderError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise ReaderError("unreadable-pdf", f"{type(e).__name__}: {e}") from e
    text = "\n\n".join(pages)
    if not text.strip():
        raise ReaderError("no-text", "the PDF has no text layer (a scan?); run OCR first")
    return blocks_from_text(text)
