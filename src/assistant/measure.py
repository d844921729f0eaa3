"""What a quantity question measures, and whether a paragraph gives that measure.

"What share…", "how much money…", "how many days…" and "at what age…" each want a
number of one kind: a paragraph whose only numbers are of another kind does not
answer ("What percentage of social protection coverage does the plan set?" is not
answered by "20 million people"). The units' side is read in their own words, the
question's in the four OAS languages, so this check also works across languages,
where the word-level "how many X" check cannot.
"""

from __future__ import annotations

import re

from .textnorm import for_match

SHARE, MONEY, DURATION, AGE = "share", "money", "duration", "age"

# Question cues, on match form (lower case, no accents). Order matters: an age is
# asked with "how old", not as a duration; money before share ("what amount").
_ASKED = (
    (AGE, re.compile(r"\b((what|at what|minimum|maximum|legal) age|how old|(que|cual es la) edad|"
                     r"edad minima|(que|qual (e )?a) idade|idade minima|quel age|age minimum|"
                     r"age (legal|minimal))\b")),
    (DURATION, re.compile(r"\b(how long|how many (days|weeks|months|hours)|durac?ion|duracao|duree|"
                          r"cuant[oa]s (dias|semanas|meses|horas)|quant[oa]s (dias|semanas|meses|horas)|"
                          r"combien de (jours|semaines|mois|heures)|por cuanto tiempo|por quanto tempo|"
                          r"pendant combien de temps)\b")),
    (MONEY, re.compile(r"\b(how much (money|funding)|how much (did|does|do|has|have|will|would) "
                       r".{0,40}(contribut|pay|give|spend|allocat|invest|cost)|"
                       r"(what|which) (is|was|will be) the ([a-z-]+ )?(budget|cost|amount)|"
                       r"(what|which|que|qual|quel|quelle) (budget|presupuesto|orcamento|montant)|"
                       r"cual (es|fue|sera) el ([a-z-]+ )?(presupuesto|costo|coste|monto)|"
                       r"qual (e|foi|sera) o ([a-z-]+ )?(orcamento|custo|montante|valor)|"
                       r"quel (est|etait|sera) le ([a-z-]+ )?(budget|cout|montant)|"
                       r"cuanto dinero|quanto dinheiro|combien d'argent|combien (coute|a coute)|"
                       r"cuanto .{0,30}(aportado|aporto|contribuido|contribuyo|pagado|pago|invertido|"
                       r"invirtio|gastado|gasto|costo|cuesta)|"
                       r"quanto .{0,30}(contribuiu|pagou|investiu|gastou|custou|aportou|custa)|"
                       r"combien (?!de |d')(.{0,30})(contribue|verse|paye|investi|depense))\b")),
    (SHARE, re.compile(r"\b(what (share|percentage|proportion|fraction)|"
                       r"what (is|was) the ([a-z-]+ ){0,2}rate|"
                       r"(cual es|cual fue) la ([a-z-]+ )?(tasa|proporcion)|"
                       r"(qual (e|foi) a) ([a-z-]+ )?(taxa|proporcao)|"
                       r"porcentaje|percentual|percentagem|porcentagem|"
                       r"quelle (est la )?(part|proportion)|pourcentage|quel (est le )?taux|percentage)\b")),
)

_NUM = r"\d[\d,.]*"
_HELD = {
    SHARE: re.compile(rf"{_NUM}\s*(%|percent|per cent|por ciento|por cento|pour cent)|"
                      r"\b(half|third|quarter|majority|most|two-thirds|mitad|metade|moitie)\b"),
    MONEY: re.compile(rf"\$|\b(usd|us\$|dollars?|dolares|euros?|eur)\b|€|"
                      rf"{_NUM}\s*(million|billion|thousand)\s+(in|of)\s+(funding|funds|resources)"),
    DURATION: re.compile(rf"\b({_NUM}|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
                         r"[\s-]+(days?|weeks?|months?|years?|hours?)\b(?![\s-]+(old|of age))|"
                         r"\bsince (19|20)\d\d\b"),
    AGE: re.compile(rf"\b(years? old|years? of age|aged {_NUM}|ages? (of )?{_NUM}|minimum age|"
                    r"under the age|under {_NUM}|over {_NUM})\b"),
}


def asked_measure(question: str) -> str:
    """The kind of number a quantity question asks for, or "" (a plain count, or none)."""
    q = for_match(question)
    return next((name for name, pattern in _ASKED if pattern.search(q)), "")


def gives_measure(text: str, measure: str) -> bool:
    """Does the text give a number of that kind? ("" asks for none in particular.)"""
    return not measure or bool(_HELD[measure].search(for_match(text)))
