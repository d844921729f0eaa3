"""The child side of readers.sandbox: parse one file under resource limits and
print the result as one JSON object on stdout.

    python -m assistant.readers.child MODULE:FUNCTION PATH MEMORY_BYTES CPU_SECONDS
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import resource
import signal
import sys
from pathlib import Path
from typing import Any

from assistant.ingest.readers.errors import ReaderError
from assistant.ingest.readers.sandbox import MEMORY_EXIT, PARENT_ENV


def _address_space() -> int:
    """Bytes of address space this process already maps (Linux), or 0."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _die_with_parent() -> None:
    """Linux: end this child if the indexer is killed (prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux; RLIMIT_CPU still ends it
        return
    if os.environ.get(PARENT_ENV, str(os.getppid())) != str(os.getppid()):
        os._exit(1)  # the indexer died before the signal was armed


def _limit(mem_bytes: int, cpu_seconds: int) -> None:
    # On top of what the interpreter already maps: the limit measures the
    # parser's own appetite. CPU time backs up the parent's wall-clock timeout.
    limit = _address_space() + mem_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    _die_with_parent()
    logging.disable(logging.WARNING)  # pypdf can log a warning per broken object: unbounded output


def _parse(target: str, path: Path, mem_bytes: int) -> dict[str, Any]:
    module, _, func = target.partition(":")
    try:
        res = getattr(importlib.import_module(module), func)(path)
    except ReaderError as e:
        return {"error": [e.reason, e.detail]}
    except MemoryError:
        return {"error": ["parse-memory", f"the parser needed more than {mem_bytes >> 20} MB"]}
    except RecursionError as e:
        return {"error": ["parse-crashed", f"RecursionError: {e}"]}
    except Exception as e:  # a parser bug on odd input: named, never a traceback
        return {"error": ["parse-crashed", f"{type(e).__name__}: {e}"]}
    return {"ok": {"blocks": [[b.text, b.kind, b.level, b.line] for b in res.blocks], "fmt": res.fmt,
                   "encoding": res.encoding, "removed_chars": res.removed_chars}}


def main(argv: list[str]) -> int:
    target, path, mem_bytes, cpu_seconds = argv[0], Path(argv[1]), int(argv[2]), int(argv[3])
    out = sys.stdout
    sys.stdout = sys.stderr  # whatever a parser prints must not corrupt the answer
    _limit(mem_bytes, cpu_seconds)
    try:
        msg = _parse(target, path, mem_bytes)
        out.write(json.dumps(msg, ensure_ascii=False))
        out.flush()
    except MemoryError:
        os._exit(MEMORY_EXIT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
