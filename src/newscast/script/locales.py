"""locales: what espeak-ng does not read right in Spanish, French, Italian and Portuguese articles,
written out the way a newsreader of that language says it — before the phonemizer (Kokoro's
voices read espeak-ng's IPA) or espeak-ng itself reads the text. Pure; table-driven.

espeak-ng already reads numbers, decimals (``3,5``), thousands (``3.000``, ``2 500``), percentages,
ordinals (``1º``, ``2ª``) and ``dd de mes de aaaa`` in each language; measured on news sentences,
it misreads currency symbols (``€25`` -> "euro twenty-five", ``R$ 10 bilhões`` -> "R dollar ten
billions"), numeric dates (``03/05/2024`` -> "zero three slash…"), times written ``14h30`` or
``14:30 h``, the common titles (``Sr.``, ``M.``, ``sig.``), ``EE.UU.``, ``n°`` and French
centuries (``XXe siècle``). Those are the rules here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from num2words import num2words

#: Currency symbols -> the currency's name after an amount, per language.
CURRENCIES: dict[str, dict[str, str]] = {
    "es": {"US$": "dólares", "R$": "reales", "€": "euros", "$": "dólares", "£": "libras"},
    "fr": {"US$": "dollars", "R$": "réais", "€": "euros", "$": "dollars", "£": "livres"},
    "it": {"US$": "dollari", "R$": "real", "€": "euro", "$": "dollari", "£": "sterline"},
    "pt": {"US$": "dólares", "R$": "reais", "€": "euros", "$": "dólares", "£": "libras"},
}
#: Large-number words after an amount ("10 bilhões"), and the word that joins them to the currency.
MAGNITUDES: dict[str, tuple[str, str]] = {
    "es": (r"mil millones|millones|millón|billones|billón|mil", "de"),
    "fr": (r"milliards?|millions?|mille", "de"),
    "it": (r"miliardi|miliardo|milioni|milione|mila", "di"),
    "pt": (r"bilhões|bilhão|milhões|milhão|mil", "de"),
}
MONTHS: dict[str, tuple[str, ...]] = {
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
           "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"),
}
#: Abbreviations, per language: (pattern, what is said). Titles only before a capitalised name.
ABBREVIATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "es": ((r"\bEE\.\s?UU\.(?=\s*$|\s+[A-ZÁÉÍÓÚÑ¿¡])", "Estados Unidos."), (r"\bEE\.\s?UU\.", "Estados Unidos"), (r"\bSr\.(?=\s+[A-ZÁÉÍÓÚÑ])", "señor"),
           (r"\bSra\.(?=\s+[A-ZÁÉÍÓÚÑ])", "señora"), (r"\bSrta\.(?=\s+[A-ZÁÉÍÓÚÑ])", "señorita"),
           (r"\bDr\.(?=\s+[A-ZÁÉÍÓÚÑ])", "doctor"), (r"\bDra\.(?=\s+[A-ZÁÉÍÓÚÑ])", "doctora"),
           (r"\bs\.(?=\s+[IVXL]+\b)", "siglo"), (r"\bn\.?º(?=\s*\d)", "número"), (r"\bnúm\.(?=\s*\d)", "número")),
    "fr": ((r"\bM\.(?=\s+[A-ZÉÈ])", "monsieur"), (r"\bMM\.(?=\s+[A-ZÉÈ])", "messieurs"),
           (r"\bMme(?=\s+[A-ZÉÈ])", "madame"), (r"\bMlle(?=\s+[A-ZÉÈ])", "mademoiselle"),
           (r"\bDr(?=\s+[A-ZÉÈ])", "docteur"), (r"\b[nN]°(?=\s*\d)", "numéro")),
    "it": ((r"\b[Ss]ig\.ra(?=\s+[A-Z])", "signora"), (r"\b[Ss]ig\.(?=\s+[A-Z])", "signor"),
           (r"\b[Dd]ott\.ssa(?=\s+[A-Z])", "dottoressa"), (r"\b[Dd]ott\.(?=\s+[A-Z])", "dottor"),
           (r"\b[Pp]rof\.ssa(?=\s+[A-Z])", "professoressa"), (r"\b[Pp]rof\.(?=\s+[A-Z])", "professor"),
           (r"\b[Oo]n\.(?=\s+[A-Z])", "onorevole"), (r"\b[nN]°(?=\s*\d)", "numero")),
    "pt": ((r"\bSr\.(?=\s+[A-ZÁÉÍÓÚÂÊÔÃÕ])", "senhor"), (r"\bSra\.(?=\s+[A-ZÁÉÍÓÚÂÊÔÃÕ])", "senhora"),
           (r"\bDr\.(?=\s+[A-ZÁÉÍÓÚÂÊÔÃÕ])", "doutor"), (r"\bDra\.(?=\s+[A-ZÁÉÍÓÚÂÊÔÃÕ])", "doutora"),
           (r"\b[nN]\.?º(?=\s*\d)", "número")),
}

_AMOUNT = r"\d+(?:[.,\s]\d+)*"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(numeral: str) -> int:
    """
    >>> _roman("XXI"), _roman("XIX")
    (21, 19)
    """
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


@lru_cache(maxsize=None)  # built once per language, not per segment
def _currency(language: str) -> Callable[[str], str]:
    names = CURRENCIES[language]
    symbols = "|".join(re.escape(s) for s in names)  # longest first: US$ and R$ before $
    magnitude, joiner = MAGNITUDES[language]
    before = re.compile(rf"(?<![\w$])({symbols})\s?({_AMOUNT})(\s+(?:{magnitude})\b)?")
    after = re.compile(rf"\b({_AMOUNT})(\s+(?:{magnitude})\b)?\s?({symbols})(?!\w)")

    def name(amount: str, scale: str | None, symbol: str) -> str:
        currency = names[symbol]
        if scale:
            glue = "d'" if joiner == "de" and language == "fr" and currency[0] in "aeioué" else f"{joiner} "
            return f"{amount}{scale} {glue}{currency}"
        return f"{amount} {currency}"

    def apply(text: str) -> str:
        text = before.sub(lambda m: name(m.group(2), m.group(3), m.group(1)), text)
        return after.sub(lambda m: name(m.group(1), m.group(2), m.group(3)), text)

    return apply


@lru_cache(maxsize=None)  # built once per language, not per segment
def _date(language: str) -> Callable[[str], str]:
    months = MONTHS[language]
    joined = language in ("es", "pt")  # "3 de mayo de 2024"; fr, it: "3 mai 2024"
    pattern = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")

    def say(m: re.Match[str]) -> str:
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return m.group()
        day_said = "1er" if language == "fr" and day == 1 else str(day)
        return f"{day_said} de {months[month - 1]} de {year}" if joined else f"{day_said} {months[month - 1]} {year}"

    return lambda text: pattern.sub(say, text)


#: Times written with an h: language -> (pattern, replacement).
TIMES: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": ((r"\b(\d{1,2})\s?h\s?(\d{2})\b", r"\1 heures \2"), (r"\b(\d{1,2})\s?h\b", r"\1 heures")),
    "pt": ((r"\b(\d{1,2})h(\d{2})\b", r"\1 horas e \2"), (r"\b(\d{1,2})h\b", r"\1 horas")),
    "es": ((r"\b(\d{1,2}[:.]\d{2})\s?h\b", r"\1"),),
    "it": (),
}


@lru_cache(maxsize=None)  # built once per language, not per segment
def _centuries(language: str) -> Callable[[str], str]:
    if language != "fr":
        return lambda text: text
    pattern = re.compile(r"\b([IVXLC]+)e(?=\s+siècle)")
    return lambda text: pattern.sub(lambda m: num2words(_roman(m.group(1)), lang="fr", to="ordinal"), text)


def say_in(text: str, language: str) -> str:
    """``text`` with what espeak-ng misreads in ``language`` written out (other languages: as it is).

    >>> say_in("Costó €25 y US$ 5 millones el 03/05/2024 a las 14:30 h. El Sr. García, de EE.UU.", "es")
    'Costó 25 euros y 5 millones de dólares el 3 de mayo de 2024 a las 14:30. El señor García, de Estados Unidos.'
    >>> say_in("M. Macron arrive à 14h30 ; 2 milliards €, le XXe siècle, n° 5.", "fr")
    "monsieur Macron arrive à 14 heures 30 ; 2 milliards d'euros, le vingtième siècle, numéro 5."
    >>> say_in("O Sr. Silva anunciou R$ 10 bilhões às 9h.", "pt")
    'O senhor Silva anunciou 10 bilhões de reais às 9 horas.'
    >>> say_in("Il sig. Rossi: 20 € il 3/5/2024.", "it"), say_in("€25", "de")
    ('Il signor Rossi: 20 euro il 3 maggio 2024.', '€25')
    """
    if language not in CURRENCIES:
        return text
    for pattern, said in ABBREVIATIONS[language]:
        text = re.sub(pattern, said, text)
    for pattern, said in TIMES[language]:
        text = re.sub(pattern, said, text)
    for rule in (_date, _currency, _centuries):
        text = rule(language)(text)
    return text
