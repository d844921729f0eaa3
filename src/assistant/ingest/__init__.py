"""Ingest: readers, structure detection and the cut into citable units."""
