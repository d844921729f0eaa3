"""The web UI (Gradio Blocks): cited answers with clickable citation chips, the
source panel, filters, the corpus view, briefing notes with exports, and one
public API endpoint (`/ask`) that returns `Answer.to_dict()`.

Safe by default: loopback only unless credentials are given, analytics off, no
share link, uploads off, and only files this app wrote are ever served.

This module checks where the app may listen and serves it; the page is built in
`weblayout`, its events handled in `webhandlers`, its HTML written in `webhtml`.
"""

from __future__ import annotations

import atexit
import base64
import ipaddress
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app.service import Assistant, open_assistant
from assistant.app.webguard import UploadGuard
from assistant.app.webhandlers import Handlers, Live
from assistant.app.weblayout import asset, layout
from assistant.settings import current

FONT = "DeskSans"  # DejaVu Sans, shipped in fonts/ (nothing is fetched from another host)


class UIConfigError(ValueError):
    """The UI was asked to start in an unsafe or inconsistent configuration."""


# -- configuration ---------------------------------------------------------------
def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_auth(host: str, auth: tuple[str, str] | str | None = None) -> tuple[str, str] | None:
    """Credentials from the argument or ASSISTANT_AUTH ("user:password"); required off loopback."""
    raw: tuple[str, str] | str | None = auth or current().ui.auth or None
    creds: tuple[str, str] | None = None
    if isinstance(raw, str):
        user, sep, password = raw.partition(":")
        if not sep or not user or not password:
            raise UIConfigError('auth must look like "user:password"')
        creds = (user, password)
    elif raw is not None:
        creds = (str(raw[0]), str(raw[1]))
    if creds is None and not is_loopback(host):
        raise UIConfigError(f"refusing to listen on {host} without authentication: pass auth "
                            'or set ASSISTANT_AUTH="user:password" (or bind 127.0.0.1)')
    return creds


# -- serving ---------------------------------------------------------------------
_APPS: dict[int, tuple[Path, bool]] = {}  # id(demo) -> (its temp folder, uploads on)


def _new_workdir() -> Path:
    """The app's own temp folder; Gradio's file cache goes inside it unless set already."""
    workdir = Path(tempfile.mkdtemp(prefix="assistant-ui-")).resolve()
    atexit.register(shutil.rmtree, workdir, True)
    os.environ.setdefault("GRADIO_TEMP_DIR", str(workdir / "gradio-cache"))
    return workdir


# An answer costs ~30 ms of server CPU (half of it Gradio's own); 4 workers keep both
# cores busy (2 and 8 measured no better), and a bounded queue refuses a flood
# rather than letting every wait grow (`assistant bench --load`, README Performance).
def queue_settings() -> dict[str, Any]:
    ui = current().ui
    return {"default_concurrency_limit": ui.concurrency, "max_size": ui.queue}


def build_app(assistant: Assistant, *, allow_upload: bool = False, corpus: Path | None = None,
              index_dir: Path | None = None, embedder: str | None = None) -> gr.Blocks:
    """The Blocks app. Launch it with `start()` (or `launch()`), which applies the safe
    defaults; `allow_upload` needs the corpus, index folder and embedder to rebuild with.
    With `index_dir`, the app follows a newer index generation built by another process."""
    if allow_upload and not (corpus and index_dir and embedder):
        raise UIConfigError("allow_upload needs corpus, index_dir and embedder")
    live = Live(assistant, _new_workdir(), corpus, index_dir, embedder)
    h = Handlers(live, desk_folder(index_dir))
    with gr.Blocks(title="IACML documents — cited answers", analytics_enabled=False) as demo:
        gr.Markdown("## Inter-American Conference of Ministers of Labor — document assistant\n"
                    "Answers quote the official documents; click a citation to see its source.",
                    elem_id="title")
        restored = layout(h, allow_upload)
        demo.load(h.restore, restored[0], restored, **{"api_visibility": "private"})
    _APPS[id(demo)] = (live.workdir, allow_upload)
    return demo


def desk_folder(index_dir: Path | None) -> Path | None:
    """Where desks outlive a restart: `paths.desks`, else `desks/` beside the generations
    of the index folder; None (memory only) when the app knows no index folder."""
    configured = current().paths.desks
    if configured:
        return Path(configured)
    return Path(index_dir) / "desks" if index_dir else None


def font_css() -> str:
    """@font-face rules with the shipped fonts inline, so no request leaves the server."""
    from importlib import resources

    rules = []
    for weight, name in ((400, "DejaVuSans.woff2"), (700, "DejaVuSans-Bold.woff2")):
        data = base64.b64encode(resources.files("assistant.app").joinpath("fonts", name).read_bytes())
        rules.append(f"@font-face {{ font-family: '{FONT}'; font-weight: {weight}; font-style: normal; "
                     f"src: url(data:font/woff2;base64,{data.decode()}) format('woff2'); }}")
    return "\n".join(rules)


def theme() -> gr.themes.Base:
    return gr.themes.Default(font=[FONT, "sans-serif"], font_mono=["ui-monospace", "monospace"])


def start(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, *,
          auth: tuple[str, str] | str | None = None, block: bool = False) -> str:
    """Launch `demo` with the safe defaults; returns its local URL (blocks if `block`)."""
    from starlette.middleware import Middleware

    creds = resolve_auth(host, auth)
    workdir, uploads = _APPS.get(id(demo), (None, False))
    lim = current().limits
    guard = Middleware(UploadGuard, enabled=uploads, max_bytes=lim.upload_bytes, max_files=lim.upload_files)
    demo.queue(**queue_settings())
    _, url, _ = demo.launch(
        server_name=host, server_port=port, auth=creds, share=False, inbrowser=False,
        prevent_thread_lock=not block, quiet=not block, show_error=True, ssr_mode=False,
        allowed_paths=[str(workdir)] if workdir else [], max_file_size=lim.upload_bytes,
        footer_links=["api"], enable_monitoring=False, mcp_server=False, pwa=False,
        css=font_css() + "\n" + asset("webapp.css"), theme=theme(), app_kwargs={"middleware": [guard]})
    return str(url)


def launch(host: str = "127.0.0.1", port: int = 7860, *, auth: tuple[str, str] | str | None = None,
           allow_upload: bool = False, corpus: Path, index_dir: Path, embedder: str) -> None:
    """Open the assistant and serve the UI until interrupted (`assistant ui`)."""
    resolve_auth(host, auth)  # refuse an unsafe bind before loading anything
    assistant = open_assistant(Path(corpus), Path(index_dir), embedder)
    demo = build_app(assistant, allow_upload=allow_upload, corpus=Path(corpus),
                     index_dir=Path(index_dir), embedder=embedder)
    _stop_on_sigterm()
    try:
        start(demo, host, port, auth=auth, block=True)
    except Terminated:
        pass  # the usual way a service is stopped: a clean exit


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so the server stops as it does on Ctrl-C."""


def _stop_on_sigterm() -> None:
    """`kill` stops the server as Ctrl-C does (Gradio closes it), so the exit handlers run
    and the app's temp folder goes; by default SIGTERM ended the process on the spot and
    left the folder behind."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: Any) -> None:
    raise Terminated
