"""Bytes to text: BOMs, UTF-8, UTF-16 without a BOM, cp1252, and a file that mixes
UTF-8 and cp1252 line by line (pasted together from two sources). Bytes that no
supported encoding reads as text (Shift-JIS, cp1251, a binary without NUL bytes) are
refused with a named reason instead of being indexed as mojibake."""

from __future__ import annotations

from assistant import settings
from assistant.ingest.readers.errors import ReaderError

# C0 controls other than tab, newline, form feed and carriage return, and DEL: what a
# binary file is full of and a text holds one or two of at most.
_CONTROL = {*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F}


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name); raises ReaderError("not-text" / "unknown-encoding")."""
    text, enc = _decode(data)
    _check_text(text, data, enc)
    return text, enc


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        # A UTF-8 file cut inside its last character is still UTF-8, not cp1252.
        if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
            try:
                return data[:e.start].decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
    sample = data[:4000]
    if len(sample) > 8 and sample[1::2].count(0) > len(sample) // 4:
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    if len(sample) > 8 and sample[0::2].count(0) > len(sample) // 4:
        return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    return _by_line(data)


def _by_line(data: bytes) -> tuple[str, str]:
    """cp1252, unless some lines are real UTF-8 (multi-byte sequences that decode): then
    each line in whichever of the two reads it ("São Paulo" stays, not "SÃ£o Paulo")."""
    parts: list[str] = []
    utf8_lines = 0
    for line in data.split(b"\n"):
        try:
            parts.append(line.decode("utf-8"))
            utf8_lines += not line.isascii()
        except UnicodeDecodeError:
            parts.append(line.decode("cp1252", errors="replace"))
    if utf8_lines:
        return "\n".join(parts), "utf-8+cp1252"
    return data.decode("cp1252", errors="replace"), "cp1252"


def _check_text(text: str, data: bytes, enc: str) -> None:
    limits = settings.current().limits
    sample = text[:100_000]
    controls = sum(1 for c in sample if ord(c) in _CONTROL)
    if sample and controls / len(sample) > limits.binary_control_share:
        raise ReaderError("not-text", f"{controls} of the first {len(sample)} characters are control "
                          "characters: a binary file, not text")
    if enc == "cp1252":
        head = data[:100_000]
        visible = len(head) - sum(head.count(c) for c in b" \t\r\n")
        high = sum(1 for b in head if b >= 0x80)
        if visible and high / visible > limits.legacy_high_share:
            raise ReaderError("unknown-encoding", f"{high} of {visible} bytes are outside ASCII and "
                              "the text is not UTF-8 or UTF-16: another encoding (Shift-JIS, cp1251...) "
                              "that would be read as mojibake; save the file as UTF-8")
