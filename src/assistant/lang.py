"""The question's language, and the few sentences the assistant itself says in it.

Quotes always stay in the document's own words; only the framing is translated.
"""

from __future__ import annotations

import re

_VOCAB = {
    "en": {"what", "which", "who", "how", "does", "did", "the", "is", "are", "of", "say", "about",
           "when", "where", "will", "plan", "working", "group", "do", "on", "and", "for"},
    "es": {"qué", "que", "cuál", "cuáles", "quién", "cómo", "dice", "el", "la", "los", "las", "del",
           "sobre", "grupo", "trabajo", "plan", "se", "es", "son", "en", "para", "cuándo", "dónde",
           "hace", "y", "de", "sigue", "hará"},
    "pt": {"o", "que", "qual", "quais", "quem", "como", "diz", "os", "as", "do", "da", "dos", "das",
           "sobre", "grupo", "trabalho", "plano", "é", "são", "em", "para", "quando", "onde", "faz",
           "e", "não", "ação", "acompanha"},
    "fr": {"que", "quel", "quels", "quelle", "quelles", "qui", "comment", "dit", "le", "la", "les",
           "du", "des", "sur", "groupe", "travail", "plan", "est", "sont", "en", "pour", "quand",
           "où", "fait", "et", "qu", "d", "l", "suit", "ce"},
}
_DISTINCT = {
    "es": {"qué", "cuál", "cuáles", "dice", "sobre", "trabajo", "del", "los", "las", "cómo",
           "hará", "sigue", "ñ"},
    "pt": {"não", "ação", "trabalho", "quais", "diz", "dos", "das", "plano", "ções", "acompanha"},
    "fr": {"quels", "quelle", "quelles", "travail", "du", "des", "est", "où", "groupe", "suit"},
}

MESSAGES = {
    "according": {"en": "According to {doc}:", "es": "Según {doc}:", "pt": "Segundo {doc}:",
                  "fr": "Selon {doc} :"},
    "listing": {"en": "{doc} lists:", "es": "{doc} enumera:", "pt": "{doc} enumera:",
                "fr": "{doc} énumère :"},
    "not_found": {
        "en": "These documents do not answer that question.",
        "es": "Estos documentos no responden a esa pregunta.",
        "pt": "Estes documentos não respondem a essa pergunta.",
        "fr": "Ces documents ne répondent pas à cette question.",
    },
    "related": {"en": "The nearest paragraphs are:", "es": "Los párrafos más cercanos son:",
                "pt": "Os parágrafos mais próximos são:", "fr": "Les paragraphes les plus proches sont :"},
    "references": {"en": "References", "es": "Referencias", "pt": "Referências", "fr": "Références"},
}


def detect(text: str) -> str:
    """en, es, pt or fr, from function words and spelling; English when unsure."""
    low = text.lower()
    toks = re.findall(r"[a-zà-ÿ]+", low)
    scores = {lang: sum(1.0 for t in toks if t in vocab) for lang, vocab in _VOCAB.items()}
    for lang, marks in _DISTINCT.items():
        scores[lang] += sum(0.5 for t in toks if t in marks)
    if "¿" in text or "ñ" in low:
        scores["es"] += 2
    if re.search(r"ção|ções|ã|õ", low):
        scores["pt"] += 2
    if re.search(r"\b(qu'|l'|d')|è|ê", low):
        scores["fr"] += 2
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > scores["en"] else "en"


def say(key: str, lang: str, **kw: str) -> str:
    table = MESSAGES[key]
    return table.get(lang, table["en"]).format(**kw)
