"""Where the server keeps each browser's desk: under a key of 192 random bits that only
that browser holds (in its own storage), so one user's conversations and notes are never
reachable by another. Every change runs under one lock on the latest desk, so two quick
clicks (pin an answer, then a passage) never start from the same old desk.

With a folder, desks also outlive a restart: one JSON file per desk, named by a hash of
its key (the folder's listing gives no key away), written atomically, readable by the
owner only; the folder's `.secret` keeps the browsers' stored keys readable.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.app import desk as D
from assistant.settings import current

_KEY = re.compile(r"^[A-Za-z0-9_-]{32}$")


def new_key() -> str:
    return secrets.token_urlsafe(24)  # 32 characters


def _write_private(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


class DeskStore:
    def __init__(self, folder: Path | None = None) -> None:
        self._desks: OrderedDict[str, D.Desk] = OrderedDict()
        self._lock = threading.Lock()
        self.folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def secret(self) -> str:
        """The secret the browsers' stored keys are sealed with (stable with a folder)."""
        if self.folder is None:
            return secrets.token_hex(16)
        path = self.folder / ".secret"
        try:
            return path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            _write_private(path, secrets.token_hex(16))
            return path.read_text(encoding="utf-8").strip()

    def _file(self, key: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / (hashlib.sha256(key.encode()).hexdigest()[:40] + ".json")

    def _make_room(self) -> None:
        """Before a new desk file: drop the least recently written ones beyond the bound
        (a client that never keeps its key must not fill the disk)."""
        assert self.folder is not None
        files = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in files[:max(0, len(files) - current().desk.desks_on_disk + 1)]:
            old.unlink(missing_ok=True)

    def _load(self, key: str) -> Any:
        if key in self._desks:
            return self._desks[key]
        path = self._file(key)
        try:
            return json.loads(path.read_text(encoding="utf-8")) if path else None
        except (OSError, ValueError):
            return None  # none yet, or damaged: a fresh desk

    @staticmethod
    def key(raw: Any) -> str:
        """The browser's key, or a fresh one when it holds none (or something else)."""
        return raw if isinstance(raw, str) and _KEY.match(raw) else new_key()

    def get(self, key: str) -> D.Desk:
        with self._lock:
            return D.valid(self._load(key))

    def update(self, key: str, change: Callable[[D.Desk], D.Desk]) -> D.Desk:
        """Apply `change` to the latest desk of `key` and keep the result (a DeskError
        raised by `change` leaves the desk as it was)."""
        with self._lock:
            desk = change(D.valid(self._load(key)))
            self._desks[key] = desk
            path = self._file(key)
            if path is not None:
                if not path.exists():
                    self._make_room()
                _write_private(path, json.dumps(desk, ensure_ascii=False))
            self._desks.move_to_end(key)
            while len(self._desks) > current().desk.desks_kept:
                self._desks.popitem(last=False)  # out of memory (its file stays)
            return D.valid(desk)
