"""The server's own gate on file uploads (Gradio's upload route exists in every app).

With uploads off, every request to an upload path is refused with 403 before Gradio
reads a byte. With uploads on, a request may carry at most `limits.upload_files`
files of at most `limits.upload_bytes` each: its declared length is checked first,
and the body is counted as it streams (a client may lie about, or omit, its length).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOAD_PATHS = ("/upload", "/gradio_api/upload")
OVERHEAD = 64 * 1024  # multipart headers and boundaries around the files


class RequestTooLarge(Exception):
    """The streamed body went past what this request may carry."""


def is_upload(path: str) -> bool:
    path = "/" + path.strip("/")
    return any(path == p or path.endswith(p) for p in UPLOAD_PATHS)


class UploadGuard:
    """ASGI middleware: refuse or bound uploads (see the module docstring)."""

    def __init__(self, app: ASGIApp, enabled: bool, max_bytes: int, max_files: int) -> None:
        self.app, self.enabled = app, enabled
        self.max_bytes, self.max_files = max_bytes, max_files

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http" or not is_upload(str(scope.get("path", ""))):
            await self.app(scope, receive, send)
            return
        if not self.enabled:
            await _refuse(send, 403, "UploadsDisabled: this server does not accept uploads "
                                     "(start it with --allow-upload)")
            return
        budget = self.max_files * self.max_bytes + OVERHEAD
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > budget:
            await _refuse(send, 413, f"UploadTooLarge: at most {self.max_files} files of "
                                     f"{self.max_bytes} bytes each")
            return
        boundary = _boundary(headers.get(b"content-type", b""))
        counter = _BodyCounter(receive, budget, boundary, self.max_files)
        started: list[bool] = []

        async def tracked_send(message: Message) -> None:
            started.append(True)
            await send(message)

        try:
            await self.app(scope, counter.receive, tracked_send)
        except RequestTooLarge as e:
            if not started:
                await _refuse(send, 413, f"UploadTooLarge: {e}")


def _boundary(content_type: bytes) -> bytes:
    for part in content_type.split(b";"):
        key, _, value = part.strip().partition(b"=")
        if key.lower() == b"boundary":
            return value.strip(b'"')
    return b""


class _BodyCounter:
    """Wraps `receive`: counts bytes and multipart file parts as the body streams."""

    def __init__(self, receive: Receive, budget: int, boundary: bytes, max_files: int) -> None:
        self._receive, self.budget, self.max_files = receive, budget, max_files
        self.marker = b"\r\n--" + boundary if boundary else b""
        self.seen, self.parts, self.tail = 0, 0, b"\r\n"

    async def receive(self) -> Message:
        message = await self._receive()
        body = message.get("body", b"") or b""
        self.seen += len(body)
        if self.seen > self.budget:
            raise RequestTooLarge(f"the request is larger than {self.budget} bytes")
        if self.marker:
            window = self.tail + body
            self.parts += window.count(self.marker) - self.tail.count(self.marker)
            self.tail = window[-len(self.marker):]
            if self.parts - 1 > self.max_files:  # the last marker closes the body
                raise RequestTooLarge(f"more than {self.max_files} files in one upload")
        return message


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
