"""A build's clock and progress: the `limits.build_seconds` bound and the counts a
terminal bar (or the UI status) shows while a long build runs."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from assistant import settings
from assistant.store.generations import IndexProblem

Progress = Callable[[str, int, int], None]  # stage ("reading", "units", "embedding"), done, total


class BuildTimeout(IndexProblem):
    """A build ran past limits.build_seconds; CURRENT still names the previous generation."""


def _silent(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class Watch:
    progress: Progress = _silent
    seconds: float = field(default_factory=lambda: settings.current().limits.build_seconds)
    start: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def over(self) -> bool:
        return time.monotonic() - self.start > self.seconds

    def check(self, what: str) -> None:
        """Raise BuildTimeout once the build has run out of time."""
        if self.over():
            raise BuildTimeout(f"the build stopped after {self.seconds:g} s (limits.build_seconds) "
                               f"while {what}; the previous index is kept. Raise the limit with "
                               f"--set limits.build_seconds=N or remove the file that is slow")

    def tick(self, stage: str, done: int, total: int) -> None:
        with self._lock:  # files are read on several threads
            self.progress(stage, done, total)
        self.check(stage)


def terminal_bar(stream: TextIO, width: int = 30) -> Progress:
    """A one-line bar redrawn in place ("reading  [#####.....]  12/40"), at most a few
    times a second; the line is ended when a stage completes."""
    shown: dict[str, float] = {}  # stage -> when it was last drawn

    def draw(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - shown.get(stage, 0.0) < 0.2:
            return
        shown[stage] = now
        filled = width * done // max(total, 1)
        stream.write(f"\r{stage:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return draw
