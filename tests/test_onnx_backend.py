"""The ONNX MiniLM backend gives the torch model's vectors and token counts (real model)."""

import numpy as np
import pytest

from assistant.models.embed import get_embedder

pytestmark = pytest.mark.real

TEXTS = ["Which country chairs the conference?",
         "The Ministers commit to strengthen social dialogue and labor inspection, " * 8,
         "¿Qué dice el párrafo 13 del plan de acción?", "x"]


def test_onnx_fp32_matches_torch():
    torch_m, onnx_m = get_embedder("minilm"), get_embedder("minilm-onnx")
    a, b = torch_m.embed(TEXTS), onnx_m.embed(TEXTS)
    assert b.shape == (len(TEXTS), 384) and b.dtype == np.float32
    assert float(np.min(np.sum(a * b, axis=1))) >= 0.99
    assert [torch_m.count_tokens(t) for t in TEXTS] == [onnx_m.count_tokens(t) for t in TEXTS]
    np.testing.assert_allclose(onnx_m.embed(TEXTS[:1], "query")[0], b[0], atol=1e-5)  # batch-independent
