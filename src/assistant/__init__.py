"""IACML document assistant: cited answers from the documents of the Inter-American
Conference of Ministers of Labor (OAS)."""

__version__ = "0.1.0"
