"""A scripted OpenAI-compatible chat server (standard library only) for the written-answer
tests: each request is answered by `FakeLLM.reply(body)`, which the test sets."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    text: str = ""
    chunk: int = 6  # characters per streamed event
    delay: float = 0.0  # seconds before each event
    raw: list[bytes] | None = None  # exact body lines instead of well-formed events
    status: int = 200


@dataclass
class FakeLLM:
    reply: Callable[[dict[str, Any]], Reply] = lambda body: Reply("")
    requests: list[dict[str, Any]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeLLM:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 -- http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append({"path": self.path, **body})
                r = fake.reply(body)
                self.send_response(r.status)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                if r.status != 200:
                    return
                for line in r.raw if r.raw is not None else _events(r.text, r.chunk):
                    time.sleep(r.delay)
                    try:
                        self.wfile.write(line)
                        self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):
                        return  # the client gave up (a timeout test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def _events(text: str, chunk: int) -> list[bytes]:
    out = []
    for i in range(0, len(text), chunk):
        event = {"choices": [{"index": 0, "delta": {"content": text[i:i + chunk]}}]}
        out.append(f"data: {json.dumps(event)}\n\n".encode())
    return out + [b"data: [DONE]\n\n"]
