"""Evaluation, fitting and benchmarks: known-answer sets, the naive peer, timings."""
