"""Load test: N simulated users asking the UI's public `/ask` API for a fixed time.

Each user is a thread that asks the eval questions back to back (closed loop,
optional think time), reads every answer and checks it is the answer dict for
the question it asked. Latency is from submit to the parsed answer. Two clients:
"http" speaks Gradio's documented HTTP API (POST /gradio_api/call/ask, then read
the event stream) with the standard library; "gradio" uses gradio_client. They
exercise the same server queue, but gradio_client costs ~50 ms more per call on
the client side, which on a 2-core machine is taken from the server under test.
Without a URL, `assistant ui` is started as a child process and stopped afterwards.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .search import percentile

ANSWER_KEYS = {"question", "answered", "answer", "citations", "hits"}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, ms: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(ms)
            if error:
                self.errors.append(error)


def check_answer(out: Any, question: str) -> str | None:
    """Why `out` is not a valid answer to `question`, or None."""
    if not isinstance(out, dict):
        return f"not a dict: {type(out).__name__}"
    if not ANSWER_KEYS <= set(out):
        return f"missing keys {sorted(ANSWER_KEYS - set(out))}"
    if out["question"] != question or not isinstance(out["answered"], bool):
        return "answer does not belong to the question asked"
    return None


def http_asker(url: str) -> Callable[[str], Any]:
    base = url.rstrip("/")

    def ask(question: str) -> Any:
        req = urllib.request.Request(f"{base}/gradio_api/call/ask", method="POST",
                                     data=json.dumps({"data": [question, 8, ""]}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            event_id = json.load(r)["event_id"]
        event = ""
        with urllib.request.urlopen(f"{base}/gradio_api/call/ask/{event_id}", timeout=60) as r:
            for raw in r:
                line = raw.decode("utf-8").strip()
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event == "complete":
                    return json.loads(line[5:])[0]
                elif line.startswith("data:") and event == "error":
                    raise RuntimeError(f"server error: {line[5:].strip()[:200]}")
        raise RuntimeError(f"stream ended without an answer (last event {event!r})")

    return ask


def gradio_asker(url: str) -> Callable[[str], Any]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    return lambda question: client.predict(question, 8, "", api_name="/ask")


CLIENTS = {"http": http_asker, "gradio": gradio_asker}


def _user(url: str, client: str, questions: list[str], start: int, until: float, think: float,
          tally: Tally) -> None:
    try:
        ask = CLIENTS[client](url)
    except Exception as e:  # noqa: BLE001 -- counted as an error, the test goes on
        tally.add(0.0, f"connect: {type(e).__name__}: {e}")
        return
    i = start
    while time.perf_counter() < until:
        q = questions[i % len(questions)]
        i += 1
        t0 = time.perf_counter()
        try:
            err = check_answer(ask(q), q)
        except Exception as e:  # noqa: BLE001
            err = f"{type(e).__name__}: {e}"
        tally.add((time.perf_counter() - t0) * 1000, err)
        if think:
            time.sleep(think)


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) of this process, or of child `pid` (Linux /proc)."""
    if pid is None:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_users(url: str, questions: list[str], users: int, seconds: float, think: float = 0.0,
              client: str = "http") -> dict[str, Any]:
    tally = Tally()
    until = time.perf_counter() + seconds
    threads = [threading.Thread(target=_user, args=(url, client, questions, u * 7, until, think, tally),
                                daemon=True) for u in range(users)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    wall = time.perf_counter() - t0
    lat = tally.latencies
    return {"users": users, "seconds": seconds, "think_s": think, "client": client, "requests": len(lat),
            "errors": len(tally.errors), "error_examples": sorted(set(tally.errors))[:5],
            "throughput_rps": round(len(lat) / wall, 1) if wall else 0.0,
            "latency_ms_p50": round(statistics.median(lat), 1) if lat else None,
            "latency_ms_p95": round(percentile(lat, 95), 1) if lat else None,
            "latency_ms_max": round(max(lat), 1) if lat else None}


def load_test(questions: list[str], users: int = 20, seconds: float = 120, url: str | None = None,
              corpus: Path | None = None, index_dir: Path | None = None, embedder: str | None = None,
              think: float = 0.0, client: str = "http") -> dict[str, Any]:
    """Run the load test against `url`, or against a fresh `assistant ui` child process."""
    if url:
        return {"url": url, **run_users(url, questions, users, seconds, think, client)}
    from .coldstart import free_port, start_ui, stop

    args = ["--corpus", str(corpus), "--index", str(index_dir), "--embedder", str(embedder)]
    port = free_port()
    proc = start_ui(args, port)
    try:
        from ..webapp import QUEUE_SETTINGS

        s0, c0 = cpu_seconds(proc.pid), cpu_seconds()
        res = run_users(f"http://127.0.0.1:{port}/", questions, users, seconds, think, client)
        n = max(1, res["requests"])
        # on one machine the load generator's CPU is taken from the server under test
        cpu = {"server_cpu_ms_per_answer": round((cpu_seconds(proc.pid) - s0) / n * 1000, 1),
               "client_cpu_ms_per_answer": round((cpu_seconds() - c0) / n * 1000, 1)}
        return {"url": "assistant ui (child process)", "queue": QUEUE_SETTINGS, **res, **cpu}
    finally:
        stop(proc)
