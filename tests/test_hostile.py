"""Hostile corpus: every good file indexed, every bad one named with its reason,
printed, and written to report.json; nothing crashes and nothing prints a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.ingest.readers import ReaderError, SandboxReader, read_file
from assistant.ingest.readers.docx import check_zip

from .conftest import CORPUS, ROOT
from .conftest import child_env as _env
from .hostile import BAD_METADATA_PROBLEMS, make_hostile, pdf_bytes

HOSTILE_TARGET = "tests.hostile:pathological_read"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    expected = make_hostile(corpus, base / "outside")
    cmd = [sys.executable, "-m", "assistant.cli", "index", "--embedder", "fake",
           "--corpus", str(corpus), "--index", str(base / "idx")]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT, env=_env(
        ASSISTANT_PARSE_TARGET=HOSTILE_TARGET, ASSISTANT_PARSE_TIMEOUT="3",
        ASSISTANT_PARSE_MEMORY_MB="200"))
    gen = base / "idx" / (base / "idx" / "CURRENT").read_text()
    report = json.loads((gen / "report.json").read_text())
    return expected, out, report


def test_every_bad_file_is_named_with_its_reason(hostile_build):
    expected, out, report = hostile_build
    assert out.returncode == 0, out.stderr
    skipped = {s["file"]: s["reason"] for s in report["skipped"] if s["file"] != "metadata.json"}
    assert skipped == {f: r for f, r in expected.items() if r is not None}
    for name, reason in skipped.items():
        assert f"skipped {name}: {reason}" in out.stdout
    bad_meta = [s for s in report["skipped"] if s["file"] == "metadata.json"]
    assert [s["reason"] for s in bad_meta] == ["bad-metadata-entry"] * BAD_METADATA_PROBLEMS


def test_bad_metadata_entries_leave_their_documents_indexed(hostile_build):
    _, _, report = hostile_build
    docs = report["documents"]
    assert docs["rural-a.txt"]["doc_id"] == "rural-a"
    assert docs["mixed-encoding.txt"]["doc_id"] == "mixed-encoding"


def test_names_without_latin_letters_get_distinct_ids(hostile_build):
    _, _, report = hostile_build
    ids = {report["documents"][f]["doc_id"] for f in ("Παράρτημα.txt", "Приложение.txt")}
    assert len(ids) == 2 and "doc-x" not in ids


def test_mixed_encoding_and_docx_tables(hostile_build):
    _, _, report = hostile_build
    assert report["documents"]["mixed-encoding.txt"]["encoding"] == "utf-8+cp1252"
    assert report["documents"]["inspectors-table.docx"]["units_out"] >= 2


def test_every_good_file_is_indexed(hostile_build):
    expected, out, report = hostile_build
    good = {f for f, r in expected.items() if r is None}
    assert set(report["documents"]) == good | {p.name for p in CORPUS.iterdir() if p.suffix != ".json"}
    assert all(report["documents"][f]["units_out"] >= 1 for f in good)


def test_no_traceback_anywhere(hostile_build):
    _, out, _ = hostile_build
    assert "Traceback" not in out.stdout + out.stderr


def test_encodings_and_invisible_characters_are_reported(hostile_build):
    _, _, report = hostile_build
    docs = report["documents"]
    assert docs["utf16.txt"]["encoding"] == "utf-16"
    assert docs["cp1252.txt"]["encoding"] == "cp1252"
    assert docs["bom.md"]["encoding"] == "utf-8-sig"
    assert docs["invisible.txt"]["removed_invisible_chars"] == 6


def test_the_link_target_outside_the_corpus_is_never_read(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("1. secret\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.symlink(outside / "secret.txt", corpus / "link.txt")
    from assistant.ingest.corpus import corpus_hashes

    assert corpus_hashes(corpus)["link.txt"] == f"link:{outside / 'secret.txt'}"


# -- the child-process reader, one limit at a time -------------------------------------


def test_child_reader_returns_what_the_in_process_reader_returns():
    path = CORPUS / "wg2-summary-quito-2019.md"
    assert SandboxReader().__call__(path) == read_file(path)


@pytest.mark.parametrize("kind,reason", [("loop", "parse-timeout"), ("memory", "parse-memory"),
                                         ("crash", "parse-crashed")])
def test_child_reader_limits(tmp_path: Path, kind: str, reason: str):
    p = tmp_path / f"pathological-{kind}.txt"
    p.write_text("1. x\n")
    reader = SandboxReader(HOSTILE_TARGET, timeout=3, mem_bytes=200 << 20)
    with pytest.raises(ReaderError) as e:
        reader(p)
    assert e.value.reason == reason


def test_zip_bomb_limits_on_declared_size(tmp_path: Path):
    import zipfile

    p = tmp_path / "big.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", b"x" * 3000)
    check_zip(p)  # a normal file passes
    with pytest.raises(ReaderError, match="expands to 3000 bytes"):
        check_zip(p, max_unzipped=2000)


def test_pdf_page_cap_and_truncation(tmp_path: Path):
    p = tmp_path / "three.pdf"
    p.write_bytes(pdf_bytes(["1. One.", "2. Two.", "3. Three."]))
    assert [b.text for b in read_file(p).blocks] == ["1. One.", "2. Two.", "3. Three."]
    with pytest.raises(ReaderError, match="3 pages"):
        read_file(p, max_pages=2)
    p.write_bytes(pdf_bytes(["1. One."], eof=False))
    with pytest.raises(ReaderError) as e:
        read_file(p)
    assert e.value.reason == "truncated"


def test_utf8_cut_inside_its_last_character_stays_utf8():
    from assistant.ingest.readers import decode_text

    assert decode_text("Inspección laboral ñ".encode()[:-1]) == ("Inspección laboral ", "utf-8")


def _processes_reading(path: Path) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(path).encode() in (proc / "cmdline").read_bytes():
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux /proc")
def test_a_killed_indexer_leaves_no_parser_behind(tmp_path: Path):
    import signal
    import time

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    stuck = corpus / "pathological-loop.txt"
    stuck.write_text("1. loops\n")
    cmd = [sys.executable, "-m", "assistant.cli", "index", "--embedder", "fake",
           "--corpus", str(corpus), "--index", str(tmp_path / "idx")]
    indexer = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=_env(ASSISTANT_PARSE_TARGET=HOSTILE_TARGET, ASSISTANT_PARSE_TIMEOUT="60"))
    deadline = time.monotonic() + 20
    while not [p for p in _processes_reading(stuck) if p != indexer.pid]:
        assert time.monotonic() < deadline, "the parser child never started"
        time.sleep(0.05)
    indexer.send_signal(signal.SIGKILL)
    indexer.wait(10)
    deadline = time.monotonic() + 5
    while _processes_reading(stuck):
        assert time.monotonic() < deadline, "the parser child outlived the indexer"
        time.sleep(0.05)
