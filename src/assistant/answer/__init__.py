"""Answers, briefs and exports built from the documents' own sentences."""
