"""One `assistant index` at a time per index folder: an advisory lock on index/.lock.

The kernel drops an flock when its process dies, even by SIGKILL, so a crashed
indexer never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant import settings
from assistant.store.generations import IndexProblem

LOCK_FILE = ".lock"


class IndexBusy(IndexProblem):
    """Another process is building this index and did not finish in time."""


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""


@contextmanager
def index_lock(index_dir: Path, timeout: float | None = None,
               log: Callable[[str], None] = lambda s: None) -> Iterator[None]:
    """Hold the index folder's lock; wait up to `timeout` seconds (default
    ASSISTANT_INDEX_WAIT, 600) for another indexer, then raise IndexBusy."""
    if timeout is None:
        timeout = settings.current().runtime.index_wait
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, index_dir, timeout, log)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _acquire(fd: int, index_dir: Path, timeout: float, log: Callable[[str], None]) -> None:
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pid = _holder(fd) or "?"
            if time.monotonic() >= deadline:
                raise IndexBusy(f"another `assistant index` (pid {pid}) is still building {index_dir}; "
                                "run it again when that one has finished") from None
            if not told:
                log(f"another `assistant index` (pid {pid}) is building {index_dir}; "
                    f"waiting up to {timeout:g} s")
                told = True
            time.sleep(0.1)
