"""The question's language, and the few sentences the assistant itself says in it.

Quotes always stay in the document's own words; only the framing is translated.
"""

from __future__ import annotations

import re

from .textnorm import for_match

# Function words, question words and the labor vocabulary delegates ask with. A word two or
# more languages share ("que", "de", "plan") counts for each of them by a share of one, so
# only what sets a language apart decides. Accented forms are listed as written. A written
# accent is evidence ("há" is Portuguese); a missing one is not, since delegates often type
# without them: "ha" may be Spanish "ha" or Portuguese "há", "mas" Spanish "más" or
# Portuguese "mas".
_WORDS = {
    "en": """the a an of to in on for with by from at about and or but not no what which who
        whom whose how when where why does do did is are was were be been has have had will
        would should can could may must shall say says said this that these those there their
        they them it its any some many much more most between into than also each other we our
        you your me tell show list give mention mentions mentioned propose proposed agree
        agreed plan working group meeting work workers worker labor labour jobs job children
        child women countries country ministers employment social summary paragraph section
        panel session bullet point item ask asked whether""",
    "es": """el la los las lo un una unos unas de del al a en con por para sobre entre ante hacia
        desde hasta y o u ni pero que qué cual cuál cuales cuáles quien quién quienes quiénes
        como cómo cuando cuándo donde dónde cuanto cuánto cuantos cuántos cuanta cuánta
        cuantas cuántas es son fue fueron era será se su sus le les no sí si hay ha han hace
        hizo dice dijo dicen dijeron este esta estos estas ese esa eso esto muy más también
        según puede pueden debe deben trabajo trabajos trabajadores trabajadoras trabajador
        trabajadora empleo empleos grupo plan países país ministros reunión niños niñas
        mujeres jóvenes acción conferencia propone propuso establece menciona acordaron
        compromisos párrafo sección viñeta inciso sesión panel resumen habla hablan""",
    "pt": """o a os as um uma uns umas de do da dos das no na nos nas ao aos à às em com por pelo
        pela pelos pelas para sobre entre até desde e ou nem mas que qual quais quem como
        quando onde quanto quantos quanta quantas é são foi foram era será se seu sua seus
        suas lhe não sim há tem têm faz fez diz disse dizem disseram este esta estes estas
        esse essa isso isto muito mais também segundo pode podem deve devem existe algum
        alguma trabalho trabalhos trabalhadores trabalhadoras trabalhador trabalhadora
        emprego empregos grupo plano países país ministros reunião crianças mulheres jovens
        ação conferência propõe propôs estabelece menciona acordaram compromissos parágrafo
        seção item alínea sessão painel fala falam resumo""",
    "fr": """le la les un une des de du au aux à en dans avec par pour sur entre vers depuis
        et ou ni mais que qu quoi quel quelle quels quelles qui comment quand où combien
        pourquoi est sont était sera ont a se son sa ses leur leurs ne pas plus il ils
        elle elles on y ce cette ces cet dit disent fait font très aussi selon peut peuvent
        doit doivent travail travaux travailleurs travailleuses travailleur emploi emplois
        groupe plan pays ministres réunion enfants femmes jeunes action conférence propose
        prévoit mentionne engagements paragraphe tiret séance panneau parle parlent résumé""",
}


def _index(fold: bool) -> dict[str, set[str]]:
    """Each listed word (accents folded or not) -> the languages that use it."""
    out: dict[str, set[str]] = {}
    for lang, text in _WORDS.items():
        for w in text.split():
            out.setdefault(for_match(w) if fold else w, set()).add(lang)
    return out


_EXACT, _FOLDED = _index(fold=False), _index(fold=True)

# Spelling only some of the languages use, looked for in the question's own words (names
# and acronyms left out): (pattern, languages, weight per occurrence).
_SPELLING = [(re.compile(p), langs, w) for p, langs, w in [
    (r"ñ", ("es",), 1.5),
    (r"ci[oó]n(es)?\b|dad\b|(aron|ieron)\b", ("es",), 1.0),  # -ción, -dad, past "pidieron"
    (r"[ãõ]|lh|nh|dade\b|agem\b|(aram|eram|iram)\b", ("pt",), 1.0),
    (r"[èùîïûœë]|eaux?\b|eux\b|euses?\b", ("fr",), 1.5),
    (r"ç", ("pt", "fr"), 0.5),
    (r"[êâôà]", ("pt", "fr"), 0.5),
    (r"[áíóú]", ("es", "pt"), 0.5),
    (r"é", ("es", "pt", "fr"), 0.3),
    (r"\w(ing|ness|ship)\b|w|th", ("en",), 0.5),
]]
# Punctuation, looked for in the whole question.
_MARKS = [(re.compile(p), langs, w) for p, langs, w in [
    (r"[¿¡]", ("es",), 2.0),
    (r"\b(qu|l|d|s|n|c|j)'|-t-|-(il|elle|ils|elles|on|ce)\b", ("fr",), 1.5),
    (r"\w\s[?!:;]|«\s", ("fr",), 1.0),  # French sets a space before ? ! : ;
]]
_TOKEN = re.compile(r"[^\W\d_]+")
_SENTENCE_START = re.compile(r"(?:^|[.?!¿¡:])[\s\"'«“(]*$")

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


def _own_words(text: str) -> list[str]:
    """The question's words in lower case, less names and acronyms ("Costa Rica", "RIAL",
    "OIT"), which read the same in every language: a capitalized word counts only where a
    sentence starts, an all-capitals one never (unless the whole question is in capitals)."""
    shouting = not any(c.islower() for c in text)
    out = []
    for m in _TOKEN.finditer(text):
        w = m.group()
        if not shouting and (w.isupper() and len(w) > 1 or w[0].isupper()
                             and not _SENTENCE_START.search(text, 0, m.start())):
            continue
        out.append(w.lower())
    return out


def _scores(text: str) -> dict[str, float]:
    scores = dict.fromkeys(_WORDS, 0.0)
    own = _own_words(text)
    for w in own:
        users = _EXACT.get(w, set()) if not w.isascii() else set()
        users = users or _FOLDED.get(for_match(w), set())
        for lang in users:
            scores[lang] += 1 / len(users)
    joined, low = " ".join(own), text.lower()
    for rules, where in ((_SPELLING, joined), (_MARKS, low)):
        for pattern, langs, weight in rules:
            hits = len(pattern.findall(where))
            for lang in langs:
                scores[lang] += weight * hits
    return scores


def detect(text: str) -> str:
    """en, es, pt or fr, from function words, spelling and punctuation.

    English, the documents' language, when there is no evidence (empty input, only names
    and numbers) or English ties for first; a tie between the others goes to the first of
    es, pt, fr."""
    scores = _scores(text)
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > scores["en"] else "en"


def say(key: str, lang: str, **kw: str) -> str:
    table = MESSAGES[key]
    return table.get(lang, table["en"]).format(**kw)
