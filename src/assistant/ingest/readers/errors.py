"""The one error every reader raises: a short machine-readable reason and a sentence."""

from __future__ import annotations


class ReaderError(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
