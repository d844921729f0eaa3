"""Where the server keeps each browser's desk: in memory, under a key of 192 random bits
that only that browser holds (in its own storage), so one user's conversations and notes
are never reachable by another. Every change runs under one lock on the latest desk, so
two quick clicks (pin an answer, then a passage) never start from the same old desk.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from . import desk as D
from .settings import current

_KEY = re.compile(r"^[A-Za-z0-9_-]{32}$")


def new_key() -> str:
    return secrets.token_urlsafe(24)  # 32 characters


class DeskStore:
    def __init__(self) -> None:
        self._desks: OrderedDict[str, D.Desk] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(raw: Any) -> str:
        """The browser's key, or a fresh one when it holds none (or something else)."""
        return raw if isinstance(raw, str) and _KEY.match(raw) else new_key()

    def get(self, key: str) -> D.Desk:
        with self._lock:
            return D.valid(self._desks.get(key))

    def update(self, key: str, change: Callable[[D.Desk], D.Desk]) -> D.Desk:
        """Apply `change` to the latest desk of `key` and keep the result (a DeskError
        raised by `change` leaves the desk as it was)."""
        with self._lock:
            desk = change(D.valid(self._desks.get(key)))
            self._desks[key] = desk
            self._desks.move_to_end(key)
            while len(self._desks) > current().desk.desks_kept:
                self._desks.popitem(last=False)  # the desk unused for longest goes first
            return D.valid(desk)
