"""Reading a file in a child process with a time and a memory limit.

pypdf and zip-based formats can loop or expand without bound on hostile input;
a child that runs out of time or memory is ended and the file is skipped with a
named reason (parse-timeout, parse-memory, parse-crashed) instead of taking the
indexer down with it.

The child is a fresh interpreter running `python -m assistant.readers.child`
(about 0.1 s to start): forking the indexer is unsafe once torch runs threads,
and multiprocessing would re-import the caller's main script in the child.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.ingest.readers.errors import ReaderError
from assistant.types import Block

MEMORY_EXIT = 75  # the child's exit code when it ran out of memory before it could say so
PARENT_ENV = "ASSISTANT_PARSER_PARENT"  # the indexer's pid, so an orphaned child can tell


def _child_env() -> dict[str, str]:
    # The child must import what the parent imports (a source checkout, a test
    # folder), so it gets the parent's module search path.
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p and os.path.isdir(p))
    env["PYTHONIOENCODING"] = "utf-8"
    env[PARENT_ENV] = str(os.getpid())
    return env


@dataclass(frozen=True)
class SandboxReader:
    """A FileReader that parses each file in its own child process.

    `target` names the parse function as "module:function"; it takes a Path and
    returns a ReadResult or raises ReaderError.
    """

    target: str = "assistant.ingest.readers:read_file"
    timeout: float = 60.0
    mem_bytes: int = 1 << 30

    def __call__(self, path: Path) -> Any:  # a ReadResult (readers imports this module)
        from assistant.ingest.readers import precheck

        precheck(path)  # size, emptiness and format need no child: no parser runs
        cmd = [sys.executable, "-m", "assistant.ingest.readers.child", self.target, str(path),
               str(self.mem_bytes), str(int(self.timeout) + 1)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=self.timeout, env=_child_env(),
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as e:  # run() has already killed the child
            raise ReaderError("parse-timeout", f"parsing took longer than {self.timeout:g} s") from e
        try:
            msg = json.loads(done.stdout.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise self._died(done.returncode, done.stderr) from None
        if "error" in msg:
            raise ReaderError(*msg["error"])
        return _result(msg["ok"])

    def _died(self, code: int, stderr: bytes) -> ReaderError:
        if code == MEMORY_EXIT:
            return ReaderError("parse-memory", f"the parser needed more than {self.mem_bytes >> 20} MB")
        if code < 0:
            name = signal.Signals(-code).name
            if -code == signal.SIGXCPU:
                return ReaderError("parse-timeout", f"the parser used up its CPU time ({name})")
            return ReaderError("parse-crashed", f"the parser died with {name}")
        last = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return ReaderError("parse-crashed", f"the parser exited with code {code} {last[0][:200]}".strip())


def _result(d: dict[str, Any]) -> Any:
    from assistant.ingest.readers import ReadResult

    blocks = [Block(b[0], b[1], b[2], b[3]) for b in d["blocks"]]
    return ReadResult(blocks, d["fmt"], d["encoding"], d["removed_chars"])
