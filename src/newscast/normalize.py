"""normalize: give every segment ``spoken`` text, the words a newsreader would say.

Rules are rows of :data:`RULES` (name, pattern, replacement), applied in order;
small transforms carry doctests. Pure: strings in, strings out.
"""

from __future__ import annotations

import re
from typing import Callable

from num2words import num2words

from .models import Script

#: symbol -> (singular, plural) currency names.
CURRENCIES = {"£": ("pound", "pounds"), "$": ("dollar", "dollars"), "€": ("euro", "euros"),
              "¥": ("yen", "yen")}
#: written multiplier -> spoken word.
MULTIPLIERS = {"k": "thousand", "thousand": "thousand", "m": "million", "mn": "million",
               "million": "million", "bn": "billion", "billion": "billion",
               "tn": "trillion", "trillion": "trillion"}
#: Abbreviations with a period, expanded wherever they stand before a word.
ABBREVIATIONS = {"Dr": "Doctor", "Mr": "Mister", "Mrs": "Missus", "Ms": "Miz", "Prof": "Professor",
                 "Gen": "General", "Lt": "Lieutenant", "Col": "Colonel", "Sgt": "Sergeant",
                 "Capt": "Captain", "Gov": "Governor", "Sen": "Senator", "Rep": "Representative",
                 "St": "Saint", "Mt": "Mount", "Jr": "Junior", "Sr": "Senior"}
#: Latin and other abbreviations said as words.
PHRASES = {"e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "vs.": "versus",
           "approx.": "approximately", "&": "and"}
#: Initialisms written without dots, spelled letter by letter (acronyms said as words, like NATO, are not here).
INITIALISMS = ("EU", "UK", "US", "USA", "UN", "BBC", "CEO", "GDP", "NHS", "FBI", "CIA", "IMF", "ECB", "MP",
               "PM", "TV", "AI", "UAE", "DC")
#: unit -> (singular, plural), read after a number.
UNITS = {"km": ("kilometre", "kilometres"), "km/h": ("kilometre per hour", "kilometres per hour"),
         "kg": ("kilogram", "kilograms"), "mph": ("mile per hour", "miles per hour"),
         "cm": ("centimetre", "centimetres"), "mm": ("millimetre", "millimetres"),
         "°C": ("degree Celsius", "degrees Celsius"), "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
         "MW": ("megawatt", "megawatts"), "GW": ("gigawatt", "gigawatts"), "kWh": ("kilowatt hour", "kilowatt hours"),
         "sq ft": ("square foot", "square feet"), "ft": ("foot", "feet"), "lb": ("pound", "pounds")}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
#: Acronyms written in mixed case by some sites, said as words.
ACRONYMS = {"Nato": "NATO"}
#: Characters replaced before anything else (typography -> what TTS reads well).
CHARACTERS = {"“": "", "”": "", "„": "", "«": "", "»": "", "‘": "'", "’": "'", "…": ", ",
              "—": ", ", "–": " to ", "\u00a0": " ", "•": ""}
MULTIPLIER_RE = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))


def say_number(text: str) -> str:
    """Read a written number: thousands separators, decimals, negatives.

    >>> say_number("10,000"), say_number("2.26"), say_number("-3"), say_number("80")
    ('ten thousand', 'two point two six', 'minus three', 'eighty')
    """
    text = text.replace(",", "")
    if "." in text:
        whole, frac = text.split(".", 1)
        digits = " ".join(num2words(int(d)) for d in frac)
        return f"{say_number(whole or '0')} point {digits}"
    return num2words(int(text))


def say_money(text: str) -> str:
    """Read an amount of money with its currency after it, as a newsreader does.

    >>> say_money("£2.26bn")
    'two point two six billion pounds'
    >>> say_money("£1.6 billion"), say_money("$1"), say_money("€30m")
    ('one point six billion pounds', 'one dollar', 'thirty million euros')
    >>> say_money("$4.50")
    'four dollars fifty'
    """
    m = MONEY.fullmatch(text)
    if not m:
        return text
    return _money(m)


def _money(m: re.Match[str]) -> str:
    singular, plural = CURRENCIES[m.group("cur")]
    amount, mult = m.group("num"), (m.group("mult") or "").lower()
    if mult:
        return f"{say_number(amount)} {MULTIPLIERS[mult]} {plural}"
    whole, _, cents = amount.replace(",", "").partition(".")
    name = singular if whole == "1" else plural
    spoken = f"{say_number(whole)} {name}"
    if cents and int(cents):
        spoken += f" {num2words(int(cents.ljust(2, '0')[:2]))}"
    return spoken


def say_year(text: str) -> str:
    """Read a year or a decade.

    >>> say_year("1987"), say_year("2026"), say_year("1990s")
    ('nineteen eighty-seven', 'twenty twenty-six', 'nineteen nineties')
    """
    if text.endswith("s"):
        words = say_year(text[:-1])
        return re.sub(r"y$", "ies", words) if words.endswith("y") else words + "s"
    return num2words(int(text), to="year")


def spell_initialism(text: str) -> str:
    """Spell dotted initialisms letter by letter.

    >>> spell_initialism("U.K."), spell_initialism("U.S"), spell_initialism("D.C.")
    ('U K', 'U S', 'D C')
    """
    return " ".join(ch for ch in text if ch.isalpha())


def _initialism(m: re.Match[str]) -> str:
    """Spell the initialism; keep its final dot only where it also ends the text."""
    at_end = m.group(0).endswith(".") and not m.string[m.end():].strip()
    return spell_initialism(m.group(0)) + ("." if at_end else "")


def say_unit(number: str, unit: str) -> str:
    """A number with its unit, in agreement.

    >>> say_unit("12", "km"), say_unit("1", "km"), say_unit("2.5", "°C")
    ('twelve kilometres', 'one kilometre', 'two point five degrees Celsius')
    """
    singular, plural = UNITS[unit]
    return f"{say_number(number)} {singular if number == '1' else plural}"


def say_date(day: str, month: str, day_first: bool) -> str:
    """UK and US day-month dates, as said aloud.

    >>> say_date("1", "April", True), say_date("22", "March", False)
    ('the first of April', 'March twenty-second')
    """
    ordinal = num2words(int(day), to="ordinal")
    return f"the {ordinal} of {month}" if day_first else f"{month} {ordinal}"


MONEY = re.compile(rf"(?P<cur>[£$€¥])\s?(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s?(?P<mult>{MULTIPLIER_RE})\b)?", re.I)

Replacement = Callable[[re.Match[str]], str]
#: (name, pattern, replacement), applied in this order.
RULES: tuple[tuple[str, str, Replacement | str], ...] = (
    ("characters", "[" + "".join(CHARACTERS) + "]", lambda m: CHARACTERS[m.group(0)]),
    ("phrases", "|".join(re.escape(k) for k in PHRASES), lambda m: PHRASES[m.group(0)]),
    ("clock a.m./p.m.", r"(?<=\d)\s?([ap])\.m\.(\s+(?=[A-Z]))?", lambda m: f" {m.group(1)} m" + (". " if m.group(2) else "")),
    ("title abbreviation", rf"\b({'|'.join(ABBREVIATIONS)})\.\s*(?=[A-Z])", lambda m: ABBREVIATIONS[m.group(1)] + " "),
    ("initialism", r"\b(?:[A-Z]\.)+[A-Z]\b\.?", lambda m: _initialism(m)),
    ("initialism without dots", rf"\b({'|'.join(INITIALISMS)})(?=\b|'s)", lambda m: spell_initialism(m.group(1))),
    ("acronym case", r"\b(" + "|".join(ACRONYMS) + r")\b", lambda m: ACRONYMS[m.group(1)]),
    ("missing space after punctuation", r"(?<=[a-z])([.,;!?])(?=[A-Za-z])", r"\1 "),
    ("missing space after comma", r"(?<=[A-Za-z]),(?=[A-Za-z])", ", "),
    ("clock", r"(?<=\d)\s?([ap])m\b", lambda m: f" {m.group(1)} m"),
    ("money", MONEY.pattern, lambda m: _money(m)),
    ("currency word", rf"(\d[\d,]*(?:\.\d+)?)\s*(?:({MULTIPLIER_RE})\s+)?euro\b", lambda m: f"{m.group(1)} {m.group(2) or ''} euros".replace("  ", " ")),
    ("pence", r"\b(\d+)p\b", lambda m: f"{say_number(m.group(1))} pence"),
    ("unit", rf"(\d+(?:\.\d+)?)\s?({'|'.join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))})(?![\w/])",
     lambda m: say_unit(m.group(1), m.group(2))),
    ("day month", rf"\b([0-3]?\d)(?:st|nd|rd|th)? ({'|'.join(MONTHS)})\b", lambda m: say_date(m.group(1), m.group(2), True)),
    ("month day", rf"\b({'|'.join(MONTHS)}) ([0-3]?\d)(?:st|nd|rd|th)?\b(?!\d)", lambda m: say_date(m.group(2), m.group(1), False)),
    ("percent", r"(\d[\d,]*(?:\.\d+)?)\s?(?:%|per ?cent\b)", lambda m: f"{say_number(m.group(1))} percent"),
    ("ordinal", r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: num2words(int(m.group(1)), to="ordinal")),
    ("decade", r"\b(1[1-9]\d0|20[0-9]0)s\b", lambda m: say_year(m.group(0))),
    ("year", r"(?<![\d,.])\b(1[1-9]\d\d|20\d\d)\b(?!\d|[,.]\d)", lambda m: say_year(m.group(0))),
    ("number", r"(?<![\w.])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d)", lambda m: say_number(m.group(0))),
    ("spaces", r"\s{2,}", " "),
    ("space before punctuation", r"\s+([,.;:!?])", r"\1"),
)

_COMPILED = tuple((name, re.compile(pat), repl) for name, pat, repl in RULES)


def speak(text: str) -> str:
    """Apply every rule in order.

    >>> speak("Dr.Petrova said the U.K. gave £1.6 billion.")
    'Doctor Petrova said the U K gave one point six billion pounds.'
    >>> speak("The support spectrum is broad.Beyond that, France,aims at 10,000 drones.")
    'The support spectrum is broad. Beyond that, France, aims at ten thousand drones.'
    >>> speak("drones supplied by the U.K.")
    'drones supplied by the U K.'
    >>> speak("an 800 billion euro (£670 billion) package in 2026")
    'an eight hundred billion euros (six hundred and seventy billion pounds) package in twenty twenty-six'
    """
    for _name, rx, repl in _COMPILED:
        text = rx.sub(repl, text)
    return text.strip()


def _sentence(text: str) -> str:
    """Headings and lead-ins get a full stop so the voice pauses after them."""
    return text if re.search(r"[.!?]$", text) else text + "."


def normalize(script: Script) -> Script:
    """Set ``spoken`` on every segment."""
    segments = tuple(
        s.with_(spoken=_sentence(speak(s.text)) if s.kind in ("title", "heading") else speak(s.text))
        for s in script.segments
    )
    return script.with_(segments=segments)
