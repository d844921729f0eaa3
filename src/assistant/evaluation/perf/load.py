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

from assistant.evaluation.perf.search import percentile

ANSWER_KEYS = {"question", "answered", "answer", "citations", "hits"}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    big: list[float] = field(default_factory=list)  # latencies of the oversized questions
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, ms: float, error: str | None, big: bool = False) -> None:
        with self.lock:
            (self.big if big else self.latencies).append(ms)
            if error:
                self.errors.append(error)


def big_question(size: int) -> str:
    """A question of `size` characters (a pasted document, or an attack on the queue)."""
    unit = "What do the ministers propose on labor inspection? "
    return (unit * (size // len(unit) + 1))[:size]


def check_answer(out: Any, question: str) -> str | None:
    """Why `out` is not a valid answer to `question`, or None."""
    if not isinstance(out, dict):
        return f"not a dict: {type(out).__name__}"
    if not ANSWER_KEYS <= set(out):
        return f"missing keys {sorted(ANSWER_KEYS - set(out))}"
    # a question over the length limit is refused and echoed cut to the limit
    if not question.startswith(out["question"]) or not out["question"] or \
            not isinstance(out["answered"], bool):
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


@dataclass(frozen=True)
class Mix:
    """Every `every`-th request of each user (0: none) is a question of `size` characters."""

    every: int = 0
    size: int = 1_000_000


def _user(url: str, client: str, questions: list[str], start: int, until: float, think: float,
          tally: Tally, mix: Mix = Mix()) -> None:
    try:
        ask = CLIENTS[client](url)
    except Exception as e:  # noqa: BLE001 -- counted as an error, the test goes on
        tally.add(0.0, f"connect: {type(e).__name__}: {e}")
        return
    i, big_q = start, big_question(mix.size) if mix.every else ""
    while time.perf_counter() < until:
        i += 1
        big = bool(mix.every) and i % mix.every == 0
        q = big_q if big else questions[i % len(questions)]
        t0 = time.perf_counter()
        try:
            err = check_answer(ask(q), q)
        except Exception as e:  # noqa: BLE001
            err = f"{type(e).__name__}: {e}"
        tally.add((time.perf_counter() - t0) * 1000, err, big)
        if think:
            time.sleep(think)


def _watch_queue(url: str, until: float, sizes: list[int]) -> None:
    """Gradio's queue length once a second: requests waiting because every worker is busy."""
    while time.perf_counter() < until:
        try:
            with urllib.request.urlopen(f"{url.rstrip('/')}/gradio_api/queue/status", timeout=5) as r:
                sizes.append(int(json.load(r).get("queue_size", 0)))
        except (OSError, ValueError):
            pass
        time.sleep(1.0)


def _summary(ms: list[float], prefix: str) -> dict[str, Any]:
    return {f"{prefix}requests": len(ms),
            f"{prefix}latency_ms_p50": round(statistics.median(ms), 1) if ms else None,
            f"{prefix}latency_ms_p95": round(percentile(ms, 95), 1) if ms else None,
            f"{prefix}latency_ms_max": round(max(ms), 1) if ms else None}


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) of this process, or of child `pid` (Linux /proc)."""
    if pid is None:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_users(url: str, questions: list[str], users: int, seconds: float, think: float = 0.0,
              client: str = "http", mix: Mix = Mix()) -> dict[str, Any]:
    tally = Tally()
    until = time.perf_counter() + seconds
    threads = [threading.Thread(target=_user, args=(url, client, questions, u * 7, until, think, tally,
                                                    mix), daemon=True) for u in range(users)]
    queue: list[int] = []
    threads.append(threading.Thread(target=_watch_queue, args=(url, until, queue), daemon=True))
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    wall = time.perf_counter() - t0
    lat = tally.latencies
    out = {"users": users, "seconds": seconds, "think_s": think, "client": client,
           "errors": len(tally.errors), "error_examples": sorted(set(tally.errors))[:5],
           "throughput_rps": round((len(lat) + len(tally.big)) / wall, 1) if wall else 0.0,
           **_summary(lat, ""), "queue_size_max": max(queue, default=None),
           "queue_size_mean": round(statistics.mean(queue), 1) if queue else None}
    if mix.every:
        out.update({"big_every": mix.every, "big_chars": mix.size, **_summary(tally.big, "big_")})
    return out


def load_test(questions: list[str], users: int = 20, seconds: float = 120, url: str | None = None,
              corpus: Path | None = None, index_dir: Path | None = None, embedder: str | None = None,
              think: float = 0.0, client: str = "http", mix: Mix = Mix()) -> dict[str, Any]:
    """Run the load test against `url`, or against a fresh `assistant ui` child process."""
    if url:
        return {"url": url, **run_users(url, questions, users, seconds, think, client, mix)}
    from assistant.evaluation.perf.coldstart import free_port, start_ui, stop

    args = ["--corpus", str(corpus), "--index", str(index_dir), "--embedder", str(embedder)]
    port = free_port()
    proc = start_ui(args, port)
    try:
        from assistant.app.webapp import queue_settings

        s0, c0 = cpu_seconds(proc.pid), cpu_seconds()
        res = run_users(f"http://127.0.0.1:{port}/", questions, users, seconds, think, client, mix)
        s1 = cpu_seconds(proc.pid)
        time.sleep(5)  # work still running after every client left shows here
        res["server_cpu_s_in_5s_after"] = round(cpu_seconds(proc.pid) - s1, 2)
        n = max(1, res["requests"] + res.get("big_requests", 0))
        # on one machine the load generator's CPU is taken from the server under test
        cpu = {"server_cpu_ms_per_answer": round((s1 - s0) / n * 1000, 1),
               "client_cpu_ms_per_answer": round((cpu_seconds() - c0) / n * 1000, 1)}
        return {"url": "assistant ui (child process)", "queue": queue_settings(), **res, **cpu}
    finally:
        stop(proc)
