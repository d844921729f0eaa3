"""Does the evidence answer the question: the support checks and the refusal scorer."""
