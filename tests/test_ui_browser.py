"""The web UI in a real browser: Debian's Chromium driven by Playwright, the real model
(the default embedder) on the real documents, the index the session fixture built.

Screenshots go to tests/artifacts/ (git-ignored); timings are printed, not asserted.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "ingest"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WG2 = "What does WG2 follow up on?"
OUTSIDE = "What is the minimum wage in Argentina?"
SPANISH = "¿Qué dice el plan sobre inspección laboral?"

# Records, in the page, when Enter is pressed in the question box and when the
# first answer text and the complete answer appear in the chat.
TIMER_JS = """() => {
  const t = window.__timing = {enter: 0, first: 0, full: 0};
  const chat = document.querySelector('#chat');
  const seen = chat.querySelectorAll('.answer.complete').length;
  const box = document.querySelector('#question textarea');
  box.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !t.enter)
    t.enter = performance.now(); }, {capture: true, once: true});
  const check = () => {
    const done = chat.querySelectorAll('.answer.complete').length > seen;
    const any = [...chat.querySelectorAll('.answer.answered, .answer.notfound')];
    if (!t.first && t.enter && (done || any.some((a) => !a.classList.contains('complete'))))
      t.first = performance.now();
    if (!t.full && t.enter && done) t.full = performance.now();
  };
  new MutationObserver(check).observe(chat, {subtree: true, childList: true,
                                             characterData: true, attributes: true});
}"""


def ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.geteuid() != 0:
        pytest.skip(f"{CHROMIUM} is missing and installing it needs root (apt-get install chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update"], check=False, env=env, capture_output=True)
    done = subprocess.run(["apt-get", "install", "-y", "chromium"], check=False, env=env,
                          capture_output=True, text=True)
    if not CHROMIUM.exists():
        pytest.skip(f"could not install chromium: {done.stderr[-500:]}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(real_assistant: Any) -> Iterator[tuple[str, Any]]:
    ensure_chromium()
    from assistant.app.webapp import build_app, start

    assistant = real_assistant
    demo = build_app(assistant)
    url = start(demo, "127.0.0.1", free_port())
    try:
        yield url, assistant
    finally:
        demo.close()


@pytest.fixture(scope="module")
def page(server: tuple[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        pg.set_default_timeout(60_000)
        pg.goto(server[0], wait_until="load")
        pg.wait_for_selector("#question textarea")
        try:
            yield pg
        finally:
            browser.close()


def shot(page: Any, name: str, full: bool = False) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def ask(page: Any, question: str) -> dict[str, float]:
    """Type a question, press Enter, wait for the complete answer; return the timings."""
    page.evaluate(TIMER_JS)
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function("() => window.__timing.full > 0")
    t = page.evaluate("() => window.__timing")
    return {"first": (t["first"] - t["enter"]) / 1000, "full": (t["full"] - t["enter"]) / 1000}


def open_source(page: Any, chip: Any) -> Any:
    """Click a citation chip; wait for the source panel to show that citation; its <mark>."""
    cid = chip.get_attribute("data-cid")
    chip.click()
    page.wait_for_selector(f'#source-panel .source[data-cid="{cid}"] mark')
    return page.locator(f'#source-panel .source[data-cid="{cid}"] mark')


def report(capsys: pytest.CaptureFixture[str], question: str, t: dict[str, float]) -> None:
    line = f"{question!r}: first answer text {t['first']:.3f} s, full answer {t['full']:.3f} s"
    with capsys.disabled():
        print(f"\n[ui timing] {line}")
    with (ARTIFACTS / "timings.txt").open("a", encoding="utf-8") as f:
        f.write(line + "\n")


def test_ask_open_source_pin_export_and_not_found(page: Any, server: tuple[str, Any],
                                                  tmp_path: Path, capsys) -> None:
    (ARTIFACTS / "timings.txt").unlink(missing_ok=True)
    _, assistant = server
    shot(page, "01-start")

    report(capsys, WG2, ask(page, WG2))
    answer = page.locator("#chat .answer.complete").last
    chips = answer.locator(".cite-chip", has_text="¶8")
    assert chips.count() >= 2
    shot(page, "02-answer")

    mark = open_source(page, answer.locator('.cite-chip[data-cid="poa-ba-2021 ¶8, bullet 6"]'))
    meta = assistant.index.docs["poa-ba-2021"]
    panel = page.inner_text("#source-panel")
    assert "prevention and eradication of child labor" in mark.first.inner_text()
    assert meta.title in panel and meta.meeting in panel and "¶8, bullet 6" in panel
    shot(page, "03-source-panel")

    answer.locator(".pin-answer").click()
    page.get_by_role("tab", name="Note").click()
    page.wait_for_selector("#dl-docx:not([disabled])")
    page.wait_for_selector("#note-view .note-item")
    assert "¶8" in page.inner_text("#note-view")
    with page.expect_download() as info:
        page.click("#dl-docx")
    path = tmp_path / "note.docx"
    info.value.save_as(path)
    import docx

    d = docx.Document(str(path))
    text = "\n".join([p.text for p in d.paragraphs] +
                     [c.text for t in d.tables for r in t.rows for c in r.cells])
    assert "¶8" in text and "prevention and eradication of child labor" in text
    with page.expect_download() as info:
        page.click("#dl-md")
    md_path = tmp_path / "note.md"
    info.value.save_as(md_path)
    assert "[poa-ba-2021 ¶8, bullet 6]" in md_path.read_text(encoding="utf-8")
    shot(page, "04-note", full=True)

    page.get_by_role("tab", name="Ask").click()
    report(capsys, OUTSIDE, ask(page, OUTSIDE))
    nf = page.locator("#chat .answer.notfound").last
    nf.wait_for()
    assert "do not answer" in nf.inner_text()
    colors = page.evaluate("""() => [...document.querySelectorAll('#chat .answer.complete')]
        .map((a) => getComputedStyle(a).backgroundColor)""")
    assert colors[-1] != colors[0]  # the not-found answer looks different
    nf.scroll_into_view_if_needed()
    shot(page, "05-not-found")


def test_brief_and_spanish_example(page: Any, capsys) -> None:
    page.get_by_role("tab", name="Ask").click()
    from playwright.sync_api import expect

    page.get_by_role("button", name=SPANISH).click()
    expect(page.locator("#question textarea")).to_have_value(SPANISH)
    report(capsys, SPANISH, ask(page, SPANISH))
    shot(page, "06-spanish")

    page.get_by_role("tab", name="Note").click()
    page.fill("#brief-topic textarea", "labor inspection")
    page.click("#brief-btn")
    page.wait_for_selector("#brief-view .brief-view .cite-chip")
    mark = open_source(page, page.locator("#brief-view .cite-chip").first)
    assert "inspect" in mark.first.inner_text().lower()
    shot(page, "07-brief")
    page.get_by_role("tab", name="Corpus").click()
    page.wait_for_selector("#corpus-view table")
    assert "poa-ba-2021" in page.inner_text("#corpus-view")
    shot(page, "08-corpus")


def test_slow_answers_stream_into_the_page(page: Any, server: tuple[str, Any], monkeypatch,
                                           capsys) -> None:
    """An answer that takes longer than STREAM_AFTER shows a placeholder, then grows."""
    import time

    from assistant.app import webhandlers

    _, assistant = server
    real_ask = assistant.ask

    def slow_ask(*args: Any, **kwargs: Any) -> Any:
        time.sleep(webhandlers.STREAM_AFTER + 0.5)
        return real_ask(*args, **kwargs)

    monkeypatch.setattr(assistant, "ask", slow_ask)
    page.get_by_role("tab", name="Ask").click()
    page.evaluate("""() => { window.__pending = false; new MutationObserver(() => {
        if (document.querySelector('#chat .answer.pending')) window.__pending = true; })
        .observe(document.querySelector('#chat'), {subtree: true, childList: true}); }""")
    t = ask(page, "Which actions will the RIAL pursue?")
    report(capsys, "Which actions will the RIAL pursue? (slowed by 0.8 s)", t)
    assert page.evaluate("() => window.__pending")
    assert page.locator("#chat .answer.complete").last.locator(".cite-chip").count() >= 5
    shot(page, "09-streamed")


def test_readme_client_snippet(server: tuple[str, Any]) -> None:
    from gradio_client import Client

    url, assistant = server
    c = Client(url, verbose=False)
    got = c.predict("What does WG2 follow up on?", 8, "", api_name="/ask")
    assert got == assistant.ask(WG2, 8).to_dict()
    assert any(x["ref"] == "¶8" for x in got["citations"])
