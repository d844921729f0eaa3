"""The served UI follows its index: between requests it asks whether index/CURRENT names
a newer generation than the one it answers from (generations.newer_generation) and, when
it does, loads it in the background, holds it (so no build prunes it) and swaps the
assistant in one assignment (requests in flight keep the object they started with).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.app.service import Assistant


def rebuilt_assistant(old: Assistant, gen: Path) -> Assistant:
    """An assistant over generation `gen` like `old` (service.on_index), `gen` held."""
    from assistant.app.service import on_index
    from assistant.store.generations import hold
    from assistant.store.index import load_generation

    new = on_index(old, load_generation(gen))
    hold(gen.parent, gen)
    return new


@dataclass
class Follower:
    """Watches one index folder for the assistant every session shares."""

    index_dir: Path | None
    loading: bool = False
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def newer(self, current: Assistant) -> Path | None:
        """The generation CURRENT names when it is not the one `current` answers from."""
        from assistant.store.generations import newer_generation

        if self.index_dir is None:
            return None
        return newer_generation(self.index_dir, Path(current.index.path))

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
