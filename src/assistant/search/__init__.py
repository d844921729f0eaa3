"""Search: candidates from meaning and words, fused into one ranking."""
