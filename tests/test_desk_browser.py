"""The delegate's desk in a real browser (Debian's Chromium driven by Playwright) on the
fake embedder: one server with uploads on, a corpus of three documents, and every flow
at desktop width and at 390 px. Every request the page makes is intercepted: anything
not for 127.0.0.1 is refused and recorded, and the test fails if there was any.

Screenshots of each state go to tests/artifacts/desk/ (git-ignored; ASSISTANT_DESK_SHOTS moves them).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from .conftest import CORPUS, ROOT
from .test_ui_browser import CHROMIUM, CHROMIUM_ARGS, ensure_chromium, free_port

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("ASSISTANT_DESK_SHOTS", str(ROOT / "tests" / "artifacts" / "desk")))
# The third document: it alone speaks of apprenticeship levies, so a question about them
# cites it when every document is asked and must not when it is unticked.
THIRD = ("# Note on apprenticeship levies\n\n## Financing\n\n"
         "1. An apprenticeship levy of one percent of payroll finances training places for young workers.\n\n"
         "2. Employers that train apprentices recover the apprenticeship levy in full.\n")
LEVY = "What does the apprenticeship levy finance?"
WG2 = "What does WG2 follow up on?"
WIDTHS = {"desktop": {"width": 1400, "height": 1000}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, Path]]:
    ensure_chromium()
    from assistant.app.service import open_assistant
    from assistant.app.webapp import build_app, start

    root = tmp_path_factory.mktemp("desk-ui")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "apprenticeship-levy-note.md").write_text(THIRD, encoding="utf-8")
    os.environ["ASSISTANT_RERANK"] = "none"
    assistant = open_assistant(corpus, root / "index", "fake", quiet=True)
    demo = build_app(assistant, allow_upload=True, corpus=corpus, index_dir=root / "index", embedder="fake")
    url = start(demo, "127.0.0.1", free_port())
    try:
        yield url, demo, corpus
    finally:
        demo.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Session:
    """One browser context (one user) on the app, with its requests watched."""

    def __init__(self, browser: Any, url: str, size: str) -> None:
        self.size, self.url, self.outside = size, url, []
        self.ctx = browser.new_context(viewport=WIDTHS[size], accept_downloads=True)
        self.ctx.route("**/*", self._only_local)
        self.page = self.ctx.new_page()
        self.page.set_default_timeout(60_000)
        self.open()

    def _only_local(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, reload: bool = False) -> None:
        if reload:
            self.page.reload(wait_until="load")
        else:
            self.page.goto(self.url, wait_until="load")
        self.page.wait_for_selector("#question textarea")

    def shot(self, name: str, full: bool = False) -> None:
        self.page.screenshot(path=str(SHOTS / f"{self.size}-{name}.png"), full_page=full)

    def tab(self, name: str) -> None:
        tab = self.page.get_by_role("tab", name=name, exact=True)
        if not tab.count():  # a phone shows the last tabs under "More tabs"
            self.page.get_by_label("More tabs").click()
            self.page.locator(".overflow-dropdown button", has_text=name).click()
        else:
            tab.click()

    def ask(self, question: str) -> Any:
        self.tab("Ask")
        done = self.page.locator("#chat .answer.complete")
        n = done.count()
        self.page.fill("#question textarea", question)
        self.page.press("#question textarea", "Enter")
        self.page.wait_for_function(
            f"() => document.querySelectorAll('#chat .answer.complete').length > {n}")
        return done.last

    def cited(self, answer: Any) -> set[str]:
        return {c.split(" ", 1)[0] for c in answer.locator(".cite-chip").evaluate_all(
            "cs => cs.map((c) => c.dataset.cid)")}

    def note_items(self) -> Any:
        return self.page.locator("#note-view .note-item")

    def download(self, button: str, path: Path) -> Path:
        with self.page.expect_download() as info:
            self.page.click(button)
        info.value.save_as(path)
        return path

    def status_version(self, n: int) -> None:
        self.page.wait_for_function("(n) => (document.querySelector('#upload-status') || {})"
                                    ".innerText?.includes(`index version ${n}`)", arg=n)


def _choose(s: Session, keep: set[str], all_ids: list[str]) -> None:
    if not s.page.locator("#sources .sources").is_visible():
        s.page.locator("#sources-fold .label-wrap").click()
    for doc_id in all_ids:
        box = s.page.locator(f'#sources input[value="{doc_id}"]')
        if box.is_checked() != (doc_id in keep):
            box.click()
    want = f"Asking all {len(all_ids)}" if len(keep) == len(all_ids) else \
        f"Asking {len(keep)} of {len(all_ids)}"
    s.page.wait_for_function(f"() => document.querySelector('#sources-chosen').innerText.includes('{want}')")


SAVED = "() => document.querySelector('#note-view .note-editor').dataset.saved"


def _saved_after(s: Session, before: str) -> None:
    s.page.wait_for_function(f"(b) => ({SAVED})() !== b", arg=before)


def _edit(s: Session, at: int, text: str) -> None:
    before = s.page.evaluate(SAVED)
    area = s.note_items().nth(at).locator("textarea.item-text")
    area.fill(text)
    area.blur()
    _saved_after(s, before)


@pytest.mark.parametrize("size", list(WIDTHS))
def test_the_desk_flows(browser: Any, server: tuple[str, Any, Path], size: str, tmp_path: Path) -> None:
    import docx

    url, demo, _ = server
    s = Session(browser, url, size)
    s.shot("01-start")
    ids = list(demo_docs(server))
    # two of three documents chosen: the levy document is unticked, and never cited then
    assert "apprenticeship-levy-note" in s.cited(s.ask(LEVY))
    _choose(s, {"poa-ba-2021", "wg2-quito-2019"}, ids)
    narrowed = s.ask(LEVY)
    assert "apprenticeship-levy-note" not in s.cited(narrowed)
    assert "Searched 2 of 3 documents" in narrowed.inner_text() or \
        "notfound" in str(narrowed.get_attribute("class"))
    s.shot("02-two-of-three-sources")
    _choose(s, set(ids), ids)

    # a note from two answers and one citation
    first = s.ask(WG2)
    first.locator(".pin-answer").click()
    second = s.ask("Which actions will the RIAL pursue?")
    second.locator(".pin-answer").click()
    chip = second.locator(".cite-chip").nth(1)
    cid = chip.get_attribute("data-cid")
    chip.click()
    s.page.wait_for_selector(f'#source-panel .source[data-cid="{cid}"] mark')
    if size == "phone":  # the source opens as a sheet over the answer, on screen
        # the sheet slides in (a 0.2 s transform): measure it once the slide has settled
        s.page.wait_for_function("""() => { const el = document.querySelector('#source-column');
            return el.classList.contains('sheet-open')
                && getComputedStyle(el).transform.replace(/\\s/g, '') === 'matrix(1,0,0,1,0,0)'; }""",
                                 timeout=5000)
        box = s.page.locator("#source-column").bounding_box()
        assert box and box["y"] < WIDTHS["phone"]["height"] * 0.6
        s.shot("03-source-sheet")
    else:
        s.shot("03-source-panel")
    s.page.click('#source-panel [data-act="pin-quote"]')
    s.tab("Note")
    s.page.wait_for_function("() => document.querySelectorAll('#note-view .note-item').length === 3")
    assert [s.note_items().nth(i).get_attribute("data-kind") for i in range(3)] == \
        ["answer", "answer", "citation"]
    _edit(s, 0, "Context for the minister: WG2's agenda.")
    before = s.page.evaluate(SAVED)
    s.note_items().nth(2).locator('[data-act="note-up"]').click()
    _saved_after(s, before)
    assert [s.note_items().nth(i).get_attribute("data-kind") for i in range(3)] == \
        ["answer", "citation", "answer"]
    s.shot("04-note-edited", full=True)
    d = docx.Document(str(s.download("#dl-docx", tmp_path / "note.docx")))
    text = "\n".join(p.text for p in d.paragraphs)
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert heads[:3] == [WG2, heads[1], "Which actions will the RIAL pursue?"] and "References" in heads
    assert "Context for the minister: WG2's agenda." in text and cid in text
    assert "CIMT-20/GT1-GT2/doc.10/19" in text or "dated 2021-07-30" in text
    assert round(d.sections[0].page_width.mm) == 210
    md = s.download("#dl-md", tmp_path / "note.md").read_text(encoding="utf-8")
    assert md.index(f"[{cid}]") < md.index("## Which actions")

    # the conversation and the note survive a reload; another user sees neither
    s.open(reload=True)
    s.page.wait_for_function("() => document.querySelectorAll('#chat .answer.complete').length >= 4")
    s.tab("Note")
    s.page.wait_for_function("() => document.querySelectorAll('#note-view .note-item').length === 3")
    s.shot("05-after-reload")
    other = Session(browser, url, size)
    other.page.wait_for_timeout(1500)  # time for a (wrongly) shared desk to arrive
    assert other.page.locator("#chat .answer").count() == 0
    other.tab("Note")
    assert other.note_items().count() == 0
    other.shot("06-another-user")
    other.ctx.close()

    # a new conversation, and back to the first from the list
    s.tab("Ask")
    s.page.click("#new-conv")
    s.page.wait_for_function("() => document.querySelectorAll('#chat .answer').length === 0")
    s.page.locator("#conv-pick input").click()
    s.page.get_by_role("option", name=LEVY, exact=False).first.click()
    s.page.wait_for_function("() => document.querySelectorAll('#chat .answer.complete').length >= 4")

    # a chip opens the document view at its paragraph
    chip = s.page.locator("#chat .answer.complete").nth(2).locator(".cite-chip").nth(3)
    cid = chip.get_attribute("data-cid")
    chip.click()
    s.page.wait_for_selector(f'#source-panel .source[data-cid="{cid}"]')
    s.page.click('#source-panel [data-act="open-doc"]')
    focus = s.page.locator("#doc-view .doc-unit.focus")
    focus.wait_for()
    assert focus.get_attribute("data-ref") == cid.split(" ", 1)[1]
    s.page.wait_for_timeout(400)
    fb, vb = focus.bounding_box(), WIDTHS[size]
    assert fb and 0 <= fb["y"] < vb["height"]  # scrolled into view
    s.shot("07-document-view")
    s.page.fill("#read-goto textarea", "9")
    s.page.press("#read-goto textarea", "Enter")
    s.page.wait_for_selector('#doc-view .doc-unit.focus[data-ref="¶9"]')

    _upload_replace_remove(s, server, tmp_path)
    assert s.outside == []  # no request left 127.0.0.1 during the session
    s.ctx.close()


def demo_docs(server: tuple[str, Any, Path]) -> list[str]:
    corpus = server[2]
    meta = json.loads((corpus / "metadata.json").read_text(encoding="utf-8"))["documents"]
    return [m["doc_id"] for m in meta.values()] + ["apprenticeship-levy-note"]


def _upload_replace_remove(s: Session, server: tuple[str, Any, Path], tmp_path: Path) -> None:
    corpus = server[2]
    name = f"telework-{s.size}.md"
    doc = tmp_path / name
    doc.write_text("# Telework\n\n1. Telework requires clear rules on the right to disconnect.\n",
                   encoding="utf-8")
    s.tab("Manage")
    s.page.wait_for_timeout(1500)  # the status line is refreshed each second
    version = _version(s)
    s.page.set_input_files("#upload input[type=file]", str(doc))
    s.status_version(version + 1)
    assert (corpus / name).is_file()
    s.tab("Corpus")
    s.page.wait_for_function("() => document.querySelector('#corpus-view').innerText.includes('Telework')")
    s.shot("08-uploaded")
    doc.write_text("# Telework\n\n1. Telework needs a written agreement.\n", encoding="utf-8")
    s.tab("Manage")
    s.page.set_input_files("#upload input[type=file]", str(doc))
    s.status_version(version + 2)
    assert "written agreement" in (corpus / name).read_text(encoding="utf-8")
    s.page.locator("#remove-doc input").click()
    s.page.get_by_role("option", name="Telework", exact=False).first.click()
    s.page.click("#remove-btn")
    s.status_version(version + 3)
    assert not (corpus / name).exists()
    s.tab("Corpus")
    s.page.wait_for_function("() => !document.querySelector('#corpus-view').innerText.includes('Telework')")
    s.shot("09-removed")


def _version(s: Session) -> int:
    import re

    text = s.page.locator("#upload-status").inner_text()
    m = re.search(r"index version (\d+)", text)
    return int(m.group(1)) if m else 0
