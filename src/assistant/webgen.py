"""The served UI follows its index: between requests it looks at index/CURRENT and,
when that names a generation other than the one it answers from, loads it in the
background and swaps the assistant in one assignment (requests in flight keep the
object they started with). Read through index.py's public functions only; the
library-side "is there a newer generation" helper is another module's concern.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .service import Assistant


def named_generation(index_dir: Path) -> Path | None:
    """The generation folder index/CURRENT names now (None when missing or damaged)."""
    from .generations import current_generation

    return current_generation(index_dir)


def rebuilt_assistant(old: Assistant, gen: Path) -> Assistant:
    """An assistant over generation `gen` with the same embedder, reranker and policy."""
    from .answer import Answerer
    from .index import load_generation
    from .retrieve import Retriever
    from .service import Assistant

    idx = load_generation(gen)
    retriever = Retriever(idx, old.retriever.embedder, old.retriever.config)
    return Assistant(idx, retriever, Answerer(retriever, old.answerer.policy))


@dataclass
class Follower:
    """Watches one index folder for the assistant every session shares."""

    index_dir: Path | None
    loading: bool = False
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def newer(self, current: Assistant) -> Path | None:
        """The generation CURRENT names when it is not the one `current` answers from."""
        if self.index_dir is None:
            return None
        gen = named_generation(self.index_dir)
        if gen is None or gen.resolve() == Path(current.index.path).resolve():
            return None
        return gen

    def check(self, current: Assistant, swap: Callable[[Assistant], None]) -> bool:
        """Start loading a newer generation in the background; `swap(assistant)` installs it.
        Returns True when a load was started. Cheap (one small file read) otherwise."""
        gen = self.newer(current)
        if gen is None:
            return False
        with self.lock:
            if self.loading:
                return False
            self.loading = True
        threading.Thread(target=self._load, args=(current, gen, swap), daemon=True,
                         name="assistant-follow").start()
        return True

    def _load(self, current: Assistant, gen: Path, swap: Callable[[Assistant], None]) -> None:
        try:
            new = rebuilt_assistant(current, gen)
        except Exception as e:  # noqa: BLE001 -- a bad generation: keep answering from the old one
            self.error = f"{gen.name} could not be loaded ({type(e).__name__}); still answering from " \
                         f"{Path(current.index.path).name}"
        else:
            self.error = ""
            swap(new)
        finally:
            self.loading = False
