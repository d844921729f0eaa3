"""IACML document assistant: cited answers from the documents of the Inter-American
Conference of Ministers of Labor (OAS)."""

import os

# Nothing leaves the machine: set before any module of the package imports gradio (which
# reads this at import) or a Hugging Face library. Every `assistant.*` import runs this first.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

__version__ = "0.1.0"
