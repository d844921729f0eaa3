"""One way for unit tests to read a question into its features, as the pipeline does."""


def qf(question, same=False):
    """The question's features, read as the pipeline reads them; `same`: asked in the
    documents' language whatever it is (not cross-lingual)."""
    from assistant.lexicons import languages
    from assistant.query.aliases import Aliases
    from assistant.query.features import Reading, read
    from assistant.settings import Retrieval

    langs = frozenset(languages()) if same else frozenset({"en"})
    return read(question, Reading({}, Aliases({}), langs, Retrieval()))
