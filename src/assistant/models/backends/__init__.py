"""Optional embedding and reranking backends; each module registers itself on import."""
