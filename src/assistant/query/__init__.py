"""The question read once: language, names, references, kind and scope, follow-ups."""
