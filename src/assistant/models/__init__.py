"""The models behind seams: embedders, the cross-encoder, a language-model server."""
