"""Readers: a file in, a list of paragraphs (Blocks) out, chosen by content and extension."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from assistant import settings
from assistant.ingest.readers.decoding import decode_text
from assistant.ingest.readers.errors import ReaderError
from assistant.ingest.readers.sandbox import SandboxReader
from assistant.textnorm import clean
from assistant.types import Block

__all__ = ["ReaderError", "ReadResult", "read_file", "SUPPORTED", "decode_text", "sniff_format",
           "SandboxReader", "sandboxed", "precheck", "open_regular", "printable"]

MAX_BYTES = 50 * 1024 * 1024
SUPPORTED = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
             ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class ReadResult:
    blocks: list[Block]
    fmt: str
    encoding: str = ""
    removed_chars: int = 0  # invisible and control characters dropped


def sniff_format(path: Path, head: bytes) -> str:
    """What the content says the file is; raises when it contradicts the extension."""
    ext = SUPPORTED.get(path.suffix.lower())
    if ext is None:
        raise ReaderError("unknown-extension", f"{path.suffix or '(none)'} is not one of "
                          f"{', '.join(sorted(SUPPORTED))}")
    if head.startswith(b"%PDF-"):
        content = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        content = "docx"
    elif b"\x00" in head[:1024] and not head.startswith((b"\xff\xfe", b"\xfe\xff")) \
            and head[1:2] != b"\x00" and head[0:1] != b"\x00":
        content = "binary"
    else:
        content = ext if ext in ("text", "markdown", "html") else "text"
    if content != ext:
        raise ReaderError("content-mismatch", f"the extension says {ext} but the content is {content}")
    return ext


def _parse_text(fmt: str) -> Callable[[str], list[Block]]:
    if fmt == "markdown":
        from assistant.ingest.readers.markdown import blocks_from_markdown

        return blocks_from_markdown
    if fmt == "html":
        from assistant.ingest.readers.html import blocks_from_html

        return blocks_from_html
    from assistant.ingest.readers.text import blocks_from_text

    return blocks_from_text


def printable(name: str) -> str:
    """A file name as text: bytes that were not UTF-8 shown as U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; a FIFO, socket or device (also behind a link) is
    refused before anything waits on it."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{printable(path.name)} is not a regular file")
    return os.fdopen(fd, "rb")


def precheck(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The checks that need only the size and the first 4 KB: safe in any process.
    Returns the format; raises ReaderError."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReaderError("too-large", f"{size} bytes (limit {max_bytes})")
        with open_regular(path) as f:
            head = f.read(4096)
    except OSError as e:
        raise ReaderError("unreadable", f"{type(e).__name__}: {e}") from e
    if not head:
        raise ReaderError("empty", "the file is empty")
    return sniff_format(path, head)


def read_file(path: Path, max_bytes: int = MAX_BYTES, max_pages: int = 2000) -> ReadResult:
    """Read one corpus file into paragraphs. Raises ReaderError with a named reason."""
    fmt = precheck(path, max_bytes)
    removed = 0
    if fmt == "pdf":
        from assistant.ingest.readers.pdf import blocks_from_pdf

        blocks, enc = blocks_from_pdf(path, max_pages), ""
    elif fmt == "docx":
        from assistant.ingest.readers.docx import blocks_from_docx

        blocks, enc = blocks_from_docx(path), ""
    else:
        text, enc = decode_text(path.read_bytes())
        cleaned, removed = clean(text)
        blocks = _parse_text(fmt)(cleaned)
    out: list[Block] = []
    for b in blocks:
        text, n = clean(b.text)
        removed += n
        out.append(Block(text, b.kind, b.level, b.line) if n else b)
    if not any(b.text.strip() for b in out):
        raise ReaderError("no-text", "no readable text found")
    return ReadResult(out, fmt, enc, removed)


def sandboxed(timeout: float | None = None, mem_mb: int | None = None) -> SandboxReader:
    """read_file in a child process with limits (ASSISTANT_PARSE_TIMEOUT seconds,
    ASSISTANT_PARSE_MEMORY_MB megabytes of address space beyond the interpreter's).
    ASSISTANT_PARSE_TARGET ("module:function") swaps the parse function, for tests."""
    rt = settings.current().runtime
    return SandboxReader(rt.parse_target, timeout or rt.parse_timeout,
                         (mem_mb or rt.parse_memory_mb) << 20)
