"""What all sessions of the web UI share: the assistant answering now, and the corpus
work that changes it (add, replace and remove documents, re-indexed in the background,
and a newer index generation followed when another process builds one).
"""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from assistant.app.service import Assistant, open_assistant
from assistant.app.webgen import Follower
from assistant.settings import current

UPLOAD_TYPES = (".txt", ".md", ".pdf", ".docx", ".html")


class UploadError(ValueError):
    """An uploaded file was refused (type, size, count, name, or indexing already running)."""


class UnsupportedFileType(UploadError):
    """The uploaded file is not one of UPLOAD_TYPES."""


class FileTooLarge(UploadError):
    """The uploaded file is larger than limits.upload_bytes."""


class TooManyFiles(UploadError):
    """One upload holds more than limits.upload_files files."""


class IndexingBusy(UploadError):
    """A re-index is already running."""


class UnknownDocument(UploadError):
    """A document id that is not in the index."""


@dataclass
class Live:
    """What all sessions share: the current assistant, swapped after re-indexing."""

    assistant: Assistant
    workdir: Path  # the only folder this app serves files from
    corpus: Path | None = None
    index_dir: Path | None = None
    embedder: str | None = None
    status: str = ""
    generation: int = 0
    indexing: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(4, thread_name_prefix="assistant-ask"))
    follower: Follower | None = None

    def __post_init__(self) -> None:
        if self.follower is None:
            self.follower = Follower(self.index_dir)
        from assistant.store.generations import hold

        gen = Path(self.assistant.index.path)
        try:  # no build prunes the generation this server answers from
            hold(gen.parent, gen)
        except OSError:  # a read-only index folder: answering goes on, pruning may not wait
            pass

    def swap(self, new: Assistant) -> None:
        """Install `new` in one step; requests already running keep the old object."""
        with self.lock:
            self.assistant = new
            self.generation += 1

    def follow(self) -> None:
        """Between requests: load a newer generation named by index/CURRENT, if any."""
        if self.follower is not None and not self.indexing:
            self.follower.check(self.assistant, self.swap)

    # -- changing the corpus ----------------------------------------------------------
    def _claim(self) -> None:
        with self.lock:
            if self.indexing:
                raise IndexingBusy("another change is being indexed; try again shortly")
            self.indexing = True

    def add(self, paths: list[Path]) -> list[str]:
        """Copy uploaded files into the corpus (a same-named file is replaced) and re-index."""
        lim = current().limits
        if len(paths) > lim.upload_files:
            raise TooManyFiles(f"{len(paths)} files: one upload may add {lim.upload_files}")
        for src in paths:
            if src.suffix.lower() not in UPLOAD_TYPES or src.name.startswith("."):
                raise UnsupportedFileType(f"{src.name}: only {', '.join(UPLOAD_TYPES)} files are accepted")
            if src.stat().st_size > lim.upload_bytes:
                raise FileTooLarge(f"{src.name} is larger than {lim.upload_bytes:,} bytes")
        assert self.corpus is not None
        self._claim()
        names = []
        try:
            for src in paths:
                name = Path(src.name).name
                shutil.copyfile(src, self.corpus / name)
                names.append(name)
        except OSError as e:
            self.indexing = False
            raise UploadError(f"could not copy into the corpus ({e.strerror})") from e
        self._reindex_later(", ".join(names))
        return names

    def remove(self, doc_id: str) -> str:
        """Take a document's file out of the corpus and re-index (none of its units stay)."""
        meta = self.assistant.index.docs.get(doc_id)
        if meta is None:
            raise UnknownDocument(f"{doc_id!r} is not in the index")
        assert self.corpus is not None
        self._claim()
        try:
            (self.corpus / Path(meta.source).name).unlink()
        except OSError as e:
            self.indexing = False
            raise UploadError(f"could not remove {meta.source} ({e.strerror})") from e
        self._reindex_later(f"removal of {meta.source}")
        return meta.source

    def _reindex_later(self, what: str) -> None:
        self.status = f"Indexing {escape(what)} … (the current index keeps answering meanwhile)"
        threading.Thread(target=self._reindex, args=(what,), daemon=True,
                         name="assistant-reindex").start()

    def _reindex(self, what: str) -> None:
        assert self.corpus is not None and self.index_dir is not None and self.embedder
        try:
            new = open_assistant(self.corpus, self.index_dir, self.embedder, quiet=True)
        except Exception as e:  # noqa: BLE001 -- reported in the UI; the old index stays
            self.status = (f"**Indexing failed** after {escape(what)} ({type(e).__name__}); "
                           "the previous index is in use.")
        else:
            skipped = [s for s in new.index.report.get("skipped", []) if s.get("file") in what]
            self.swap(new)
            self.status = (f"**Skipped** {escape(skipped[0].get('file', ''))}: "
                           f"{escape(str(skipped[0].get('reason', '')))}" if skipped else
                           f"**Indexed** {escape(what)} (index version {self.generation}): "
                           f"{len(new.index.docs)} documents.")
        finally:
            self.indexing = False
