"""Cold start: process start to first answer, and to the UI answering HTTP, against a
bare `import sentence_transformers` in the same interpreter.

Each command runs `repeats` times after one untimed warm-up run (which also
builds the index if it is missing); medians are reported. "Cold" means a new
process with the OS file cache warm, which is what a user re-running a command sees.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

QUESTION = "What does paragraph 13 of the plan of action say?"


def _env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}


def time_command(argv: list[str], repeats: int) -> list[float]:
    subprocess.run(argv, capture_output=True, check=True, env=_env(), timeout=900)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True, env=_env(), timeout=900)
        times.append(time.perf_counter() - t0)
    return times


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the UI process exited with {proc.returncode} before serving {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def start_ui(args: list[str], port: int, timeout: float = 300) -> subprocess.Popen[bytes]:
    """`assistant ui` on a port, returned once it answers HTTP 200 on /."""
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ui", "--port", str(port), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    try:
        wait_http(f"http://127.0.0.1:{port}/", proc, timeout)
    except BaseException:
        stop(proc)
        raise
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def time_ui(args: list[str], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        proc = start_ui(args, free_port())
        times.append(time.perf_counter() - t0)
        stop(proc)
    return times


def cold_start(corpus: Path, index_dir: Path, embedder: str, repeats: int = 5) -> dict[str, Any]:
    common = ["--corpus", str(corpus), "--index", str(index_dir), "--embedder", embedder]
    bare = time_command([sys.executable, "-c", "import sentence_transformers"], repeats)
    ask = time_command([sys.executable, "-m", "assistant.cli", "ask", QUESTION, *common], repeats)
    ui = time_ui(common, repeats)
    b, a, u = (statistics.median(x) for x in (bare, ask, ui))
    return {"embedder": embedder, "repeats": repeats, "import_sentence_transformers_s": round(b, 2),
            "ask_s": round(a, 2), "ui_ready_s": round(u, 2), "ask_ratio": round(a / b, 2),
            "ui_ratio": round(u / b, 2), "ask_runs_s": [round(x, 2) for x in ask],
            "ui_runs_s": [round(x, 2) for x in ui]}
