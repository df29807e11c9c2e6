"""normalize: give every segment ``spoken`` text, the words a newsreader would say.

Rules are rows of :data:`RULES` (name, pattern, replacement), applied in order;
the words they use are tables (currencies, units, abbreviations, initialisms,
acronyms, months, Roman-numeral contexts); small transforms carry doctests.
Text no rule understands passes through unchanged, no word is dropped, and
the result is stable: normalizing it again changes nothing. A per-show
pronunciation lexicon (voices/lexicon.toml) is applied last, by
:func:`apply_lexicon`. Pure: strings in, strings out.
"""

from __future__ import annotations

import re
from typing import Callable, Mapping

from num2words import num2words

from ..core.models import Script
from ..core.words import FULL_STOPS, UNSPACED
from .locales import say_in
from . import measures as ms
from .readings import (  # noqa: F401 - the tables are normalize's too (tests and the lexicon read them)
    ABBREVIATIONS, ACRONYMS, CHARACTERS, CURRENCIES, CURRENCY_RE, DECADES, DENOMINATORS, FRACTION_CHARS, INITIALISMS, MAX_NUMBER_DIGITS, MAX_SPOKEN_DIGITS, MINOR, MONTHS, MULTIPLIERS, MULTIPLIER_RE, NOT_NOUNS, NOT_TEMPERATURE_AFTER, NUMBER, PER_TIME, PHRASES, REGNAL, ROMAN, ROMAN_CARDINAL_AFTER, SHORT_DAYS, SHORT_MONTHS, SYMBOL_WORDS, UNITS, UNIT_RE, UPPER_MULTIPLIERS, _adjectival, _amount, after_a_or_an, roman, say_date, say_email, say_fraction, say_number, say_time, say_unit, say_url, say_year, spell_initialism, word_before)


def _money(m: re.Match[str]) -> str:
    cur = m.group("cur") or m.group("code")
    return _amount(cur, m.group("num"), m.group("mult") or "", _adjectival(m))



def say_money(text: str) -> str:
    """Read an amount of money with its currency after it, as a newsreader does.

    >>> say_money("£2.26bn")
    'two point two six billion pounds'
    >>> say_money("£1.6 billion"), say_money("$1"), say_money("€30m")
    ('one point six billion pounds', 'one dollar', 'thirty million euros')
    >>> say_money("$4.50"), say_money("£0.75")
    ('four dollars fifty', 'seventy-five pence')
    """
    m = MONEY.fullmatch(text)
    return _money(m) if m else text

def _money_range(m: re.Match[str]) -> str:
    """"$5-10 million", "£1.5m-£2m" -> "five to ten million dollars"."""
    cur, mult = m.group("cur"), m.group("mult") or ""
    low_mult = m.group("mult1") or mult
    low = say_number(re.sub(r"\.00$", "", m.group("low"))) + (f" {MULTIPLIERS[low_mult.lower()]}" if low_mult != mult and low_mult else "")
    return f"{low} to {_amount(cur, m.group('high'), mult, _adjectival(m))}"


def _initialism(m: re.Match[str]) -> str:
    """Spell a dotted initialism; keep its final dot only where it also ends the text."""
    at_end = m.group(0).endswith(".") and not m.string[m.end():].strip()
    return spell_initialism(m.group(0)) + ("." if at_end else "")


def _meridiem_stop(m: re.Match[str]) -> str:
    """"a.m." took the sentence's full stop with it: give it back where a sentence ends."""
    rest = m.string[m.end():]
    zone = ms.ZONE_AFTER.match(rest)
    return "." if m.group(0).endswith(".") and (not rest.strip() or re.match(r"\s+[A-Z]", rest)) and not zone else ""


def _unit(m: re.Match[str]) -> str:
    number, scale, unit = m.group(1), m.group(2), m.group(3)
    if unit == "C" and not m.string[m.start(3) - 1].isdigit():
        return m.group(0)  # "5 C" could be anything; "5C" is a temperature
    if scale:
        return f"{say_number(number)} {scale} {UNITS[unit][1]}"
    return say_unit(number.replace(",", ""), unit, _adjectival(m))


def _mixed_initialism(m: re.Match[str]) -> str:
    """"MSc" -> "M S C", "PhDs" -> "P H D's", "TfL" -> "T F L"; "McCain", "ITV" and "AbC" words stay.

    >>> [_mixed_initialism(re.match(r".+", w)) for w in ("MSc", "PhDs", "TfL", "ITV", "McD")]
    ['M S C', "P H D's", 'T F L', 'ITV', 'McD']
    """
    word = m.group(0)
    plural = word.endswith("s") and sum(c.isupper() for c in word) >= 2 and len(word) > 3
    stem = word[:-1] if plural else word
    if stem.isupper() or not 2 <= sum(c.isupper() for c in stem) or len(stem) > 4 or stem.startswith("Mc"):
        return word
    return " ".join(stem.upper()) + ("'s" if plural else "")


def _ratio(m: re.Match[str]) -> str:
    """"3:2" -> "3 to 2", "50:50" -> "50 to 50"; "10:30" stays for the clock rule.

    >>> [_ratio(re.match(r"(\\d+):(\\d+)", t)) for t in ("3:2", "50:50", "10:30", "9:05")]
    ['3 to 2', '50 to 50', '10:30', '9:05']
    """
    hours, minutes = m.group(1), m.group(2)
    if len(minutes) == 2 and int(hours) <= 23 and int(minutes) <= 59:
        return m.group(0)
    return f"{hours} to {minutes}"


def _temperature(m: re.Match[str]) -> str:
    """"38C" is 38°C, but "Flat 5C" and "Form 5C" keep their letter."""
    if word_before(m.string, m.start()) in NOT_TEMPERATURE_AFTER:
        return m.group(0)
    number = m.group(1)
    return f"minus {number[1:]}°C" if number.startswith("-") else number + "°C"


def _euro(m: re.Match[str]) -> str:
    """"800 billion euro" -> "euros", but "an 800 billion euro package" keeps "euro"."""
    adjectival = after_a_or_an(m.string, m.start())
    return f"{m.group(1)} {m.group(2) + ' ' if m.group(2) else ''}euro{'' if adjectival else 's'}"


def _tens(m: re.Match[str]) -> str:
    return DECADES[m.group(1)]


#: "£2.26bn", "$4.50", "US$5 million", "EUR 300m"
MONEY = re.compile(
    rf"(?:(?P<cur>{CURRENCY_RE})\s?|(?P<code>USD|EUR|GBP|JPY|CHF)\s)(?P<num>{NUMBER})(?:\s?(?P<mult>{MULTIPLIER_RE})\b)?")

Replacement = Callable[[re.Match[str]], str]
#: (name, pattern, replacement), applied in this order.
#: Characters a speech engine would read out as noise ("asterisk", "underscore", an emoji's name)
#: or as nothing useful: controls, zero-width and format characters, variation selectors,
#: private-use and unassigned code points, markup leftovers, pictographs and emoji.
NOISE = ("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\ufe00-\ufe0f"
         "\ue000-\uf8ff\ufff0-\uffff*_|~^`#=®™℠©\\\\•†‡¶\u00b7\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u2bff"
         "\U0001F000-\U0001FAFF\U000E0000-\U000E007F]")
RULES: tuple[tuple[str, str, Replacement | str], ...] = (
    ("characters", "[" + "".join(CHARACTERS) + "]", lambda m: CHARACTERS[m.group(0)]),
    # "General Motors (NYSE: GM)": the ticker in brackets is for readers
    ("ticker", rf"\s?\((?:{'|'.join(ms.EXCHANGES)})\s?:\s?[A-Z][A-Z0-9.-]{{0,7}}\)", ""),
    # "020 7946 0000", "(555) 010-9999", "555-010-9999", "+44 20 7946 0000": digit by digit, in its groups
    ("telephone", r"(?<![\w.,+])(?:\(\d{3}\)\s?\d{3}[-\s]\d{4}|\d{3}-\d{3}-\d{4}|\+\d{1,3}(?:[\s-]\d{1,4}){2,4}"
     r"|0\d{2,4}(?:[\s-]\d{3,4}){1,2})(?!\d|[.,]\d)", ms.phone),
    # "60 000 fans" (thousands spaced, as much of Europe writes them): one number
    # (only before a word: "400 737 Max jets" and a table's "74 100%" are two numbers)
    ("spaced thousands", r"(?<![\d.,])\b([1-9]\d{0,2})((?: \d{3})+)(?= [a-z])", lambda m: m.group(1) + m.group(2).replace(" ", "")),
    # "10am–4pm", "8:30-11am": a range of times (before the dash becomes a pause)
    ("time range", r"(?<![\d:.])(\d{1,2}(?:[:.]\d{2})?)\s?(?:([ap])\.?m\.?)?\s?[–-]\s?(?=\d{1,2}(?:[:.]\d{2})?\s?[ap]\.?m\b)",
     lambda m: m.group(1) + (f" {m.group(2)}m" if m.group(2) else "") + " to "),
    # "won 7-6, 3-6, 6-2": a match's sets, each said as its two numbers
    # "Call 999", "dialled 911", "a 911 call": emergency numbers are said digit by digit
    ("emergency number", r"\b((?i:call(?:ed|ing|s)?|dial(?:l?ed|l?ing|s)?|r[ai]ng|phon(?:e|ed|ing)|text(?:ed)?) )(999|911|112|111|000|101|988)\b"
     r"|\b(999|911|112)(?= (?:calls?|operators?|dispatchers?|services?|emergency)\b)",
     lambda m: (m.group(1) or "") + ms.say_digits(m.group(2) or m.group(3))),
    # "6ft 2in", "5 ft 11 in": a height
    ("feet and inches", r"\b(\d+)\s?ft\s?(\d{1,2})\s?in\b", lambda m: f"{m.group(1)} {'foot' if m.group(1) == '1' else 'feet'} "
     f"{m.group(2)} {'inch' if m.group(2) == '1' else 'inches'}"),
    # "2019/20" is a season, as "2019-20" is
    ("season with a slash", r"\b((?:19|20)\d\d)/(\d\d)\b(?!/)", r"\1-\2"),
    ("mark", r"\bMk\.?\s?(?=[IVX]+\b|\d)", "Mark "),
    ("score list", r"(?<![\w.-])\d{1,2}-\d{1,2}(?:,\s\d{1,2}-\d{1,2})+(?![\w-])", ms.score_list),
    ("en dash between numbers", r"(?<=\d)\s?–\s?(?=[-\d£$€])", " to "),
    # "±0.4", "~20 minutes", "≥50", ">50%": the symbol before a number is a word ("x ~ y" is left alone)
    ("symbol before a number", r"(?:(?<=\s)|(?<=^)|(?<=\())([±~≈≥≤<>])\s?(?=[-\d£$€])",
     lambda m: SYMBOL_WORDS[m.group(1)] + " "),
    # "38C", "10-15C", "-5C", "1.5C": a C glued to a number is degrees Celsius (not "Flat 5C")
    ("temperature", r"(?<![\w.])(-?\d{1,3}(?:\.\d)?)C\b(?![\w'’-])", _temperature),
    # "3 x 8 m", "10 × 20": two numbers either side of an x are dimensions ("by")
    ("by", r"(?<![\w.])(\d+(?:\.\d+)?) ?[x×] ?(\d+(?:\.\d+)?)(?![\w.]\d)", r"\1 by \2"),
    # "a 3:2 vote", "a 2:1 majority", "50:50": not a time of day (minutes have two digits, hours stop at 23)
    ("ratio", r"(?<![\d:.])(\d{1,2}):(\d{1,2})(?![\d:])", _ratio),
    ("pages", r"\bpp\.\s?(?=\d)", "pages "),
    ("page", r"(?<![\w.])p\.\s?(?=\d)", "page "),
    # "44 BC", "AD 79", "79 AD": era letters beside a year are spelled
    ("era", r"(?<=\d )(BCE|BC|AD|CE)\b|\b(AD|CE)(?= \d)", lambda m: spell_initialism(m.group(0))),
    # "$7.2M", "A$3.1B", "€40BN": a capital suffix glued to an amount is its multiplier (before
    # "number and letter" splits "9M"); "$5 M&A" (spaced) and "$5 T-shirts" keep their letters
    ("money suffix", rf"(?P<amount>(?:{CURRENCY_RE})\s?(?:{NUMBER}))(?P<suffix>BN|MN|TN|[KMBT])(?![\w&]|-[^\W\d_])",
     lambda m: m.group("amount") + UPPER_MULTIPLIERS[m.group("suffix")]),
    ("en dash", r"\s?–\s?", ", "),
    # a mailbox name has at most 64 characters and a host label 63: bounded, these stay linear on a
    # long run of word characters (unbounded, each start scanned to its end)
    ("e-mail", r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+\b", lambda m: say_email(m.group(0))),
    ("web address", r"\bhttps?://[^\s,;)]+|\bwww\.[^\s,;)]+|\b(?:" + "|".join(re.escape(h) for h in ms.SHORTENERS) + r")/[^\s,;)]+|\b[a-z0-9-]{1,63}\.(?:com|org|net|co\.uk|org\.uk|gov\.uk|ac\.uk|uk|de|fr|io|gov|edu|eu)\b(?:/[^\s,;)]*)?",
     lambda m: ms.say_address(m.group(0).rstrip("."))),
    ("hashtag number", r"(?<!\w)#(\d+)", r"number \1"),
    ("hashtag", r"(?<!\w)#(\w+)", r"hashtag \1"),
    ("handle", r"(?<![\w.])@(\w+)", r"at \1"),
    ("phrases", r"(?<!\w)(?:" + "|".join(re.escape(k) for k in sorted(PHRASES, key=len, reverse=True)) + r")(?!\w)",
     lambda m: PHRASES[m.group(0)]),
    ("plus", r"(?<=\w)\+(?=[\s,.]|$)|(?<=\d)\s?\+\s?(?=\d)", " plus "),
    ("clock with a.m./p.m.", r"\b(\d{1,2})(?::|\.)(\d{2})\s?([ap])(\.m\.|m\b)",
     lambda m: say_time(m.group(1), m.group(2), m.group(3)) + _meridiem_stop(m)),
    ("hour with a.m./p.m.", r"\b(\d{1,2})\s?([ap])(\.m\.|m\b)",
     lambda m: f"{num2words(int(m.group(1)))} {m.group(2)} m" + _meridiem_stop(m)),
    ("after midnight", r"\b(00):([0-5]\d)\b(?!:)", ms.after_midnight),
    ("24-hour clock", r"\b([01]?\d|2[0-3]):([0-5]\d)\b(?!:)", lambda m: say_time(m.group(1), m.group(2))),
    ("time zone", rf"\b(a m|p m|noon|midnight)\s({'|'.join(ms.ZONES)})\b", lambda m: f"{m.group(1)} {spell_initialism(m.group(2))}"),
    # "Park Ave.", "Sunset Blvd", "Mulholland Dr" after a street's name (a "Dr" before a name is a doctor)
    ("street word", rf"\b([A-Z][a-z]+|\d+(?:st|nd|rd|th)) (?:({'|'.join(ms.STREETS)})\.?|({'|'.join(ms.STREETS_WITH_DOT)})\.)(?=[\s,;:)]|$)(?! [A-Z][a-z])",
     lambda m: f"{m.group(1)} " + ms.abbreviated(m.group(0).split(" ")[-1], {**ms.STREETS, **ms.STREETS_WITH_DOT}[m.group(2) or m.group(3)], m.string, m.end())),
    ("short word", rf"(?<![\w.])({'|'.join(re.escape(w) for w in ms.SHORT_WORDS)})(?![\w'])",
     lambda m: ms.abbreviated(m.group(1), ms.SHORT_WORDS[m.group(1)], m.string, m.end())),
    ("title without a dot", rf"\b({'|'.join(ms.TITLES_WITHOUT_DOT)})(?= [A-Z][a-z])", lambda m: ms.TITLES_WITHOUT_DOT[m.group(1)]),
    ("circa", r"(?<![\w.])(?:c|ca)\.\s?(?=\d{3,4}\b)", "circa "),
    ("street", r"\b([A-Z][a-z]+) St\.(?=[\s,;]|$)", r"\1 Street"),
    # "Oxford St is closed" (after a name, not before one) is a street; "St Ives", "St Paul's" a saint
    ("street without a dot", r"\b([A-Z][a-z]+) St(?=[\s,;:)]|$)(?! [A-Z])", r"\1 Street"),
    ("saint without a dot", r"\bSt(?= [A-Z][a-z])", "Saint"),
    ("number sign", r"\bNo\.\s?(?=\d)", "number "),
    ("name suffix", r"(?<=[A-Za-z]) (Jr|Sr)\.", lambda m: " " + ABBREVIATIONS[m.group(1)]),
    ("title abbreviation", rf"\b({'|'.join(ABBREVIATIONS)})\.\s*(?=[A-Z])", lambda m: ABBREVIATIONS[m.group(1)] + " "),
    ("short month", rf"\b({'|'.join(SHORT_MONTHS)})\.?(?=\s+\d)", lambda m: SHORT_MONTHS[m.group(1)]),
    ("short weekday", rf"\b({'|'.join(SHORT_DAYS)})\.?(?=,?\s+(?:\d|{'|'.join(MONTHS)}))", lambda m: SHORT_DAYS[m.group(1)]),
    ("world war", r"\b(WWI{1,2}|WW[12])\b", lambda m: ms.WORLD_WARS[m.group(1)]),
    # "H1N1", "H5N1": letters and digits in turn
    ("code", r"\b(?:[A-Z]{1,2}\d{1,2}){2,}\b", ms.code),
    # "iOS 17.2.1", "192.0.2.1", "B.1.1.7": dotted numbers that are no decimal (dates were read first)
    ("dotted numbers", r"(?<![\w.])(?:([A-Z])\.)?\d+(?:\.\d+){2,3}(?![\w.]?\d)", ms.dotted_numbers),
    ("version", r"\bv(\d+(?:\.\d+)*)\b", ms.version),
    ("initialism", r"\b(?:[A-Z]\.)+[A-Z]\b\.?", lambda m: _initialism(m)),
    ("acronym", r"\b(" + "|".join(ACRONYMS) + r")\b", lambda m: ACRONYMS[m.group(1)]),
    ("initialism without dots", rf"\b({'|'.join(sorted(INITIALISMS, key=len, reverse=True))})(?=\b|'s)(?!\$)",
     lambda m: spell_initialism(m.group(1))),
    # "MSc", "PhD", "BSc", "TfL", "GmbH": short words of two capitals or more with small letters are spelled
    ("mixed-case initialism", r"\b[A-Z](?:[a-z]?[A-Z]){1,2}[a-z]?\b", _mixed_initialism),
    ("missing space after punctuation", r"(?<=[a-z])([.,;!?])(?=[A-Za-z])", r"\1 "),
    ("missing space after comma", r"(?<=[A-Za-z]),(?=[A-Za-z])", ", "),
    # "Boeing 787", "the 747 landed": Boeing's jets; "A380", "F-150", "MH370": model numbers in two groups
    ("boeing", r"\b(Boeing(?:'s)? )(7[0-8]7)\b|\b(7[0-8]7)(?=s? (?:jets?|jumbos?|planes?|aircraft|airliners?|landed|crashed|freighters?|Max|MAX|Dreamliners?|fleet)\b)",
     lambda m: (m.group(1) or "") + ms.boeing(m.group(2) or m.group(3))),
    ("model variant", r"\b([A-Z]{1,2})-?(\d{3})-(\d{3})\b",  # "A350-900": the model, then its variant
     lambda m: f"{spell_initialism(m.group(1))} {ms.digit_groups(m.group(2))} {ms.digit_groups(m.group(3))}"),
    ("boeing variant", r"\b(7[0-8]7)-(\d{3})\b", lambda m: f"{ms.boeing(m.group(1))} {ms.digit_groups(m.group(2))}"),
    ("letters and number", r"\b([A-Z]{1,3})-?(\d{1,4})\b",
     lambda m: f"{spell_initialism(m.group(1))} " + (ms.digit_groups(m.group(2)) if len(m.group(2)) == 3 and len(m.group(1)) <= 2 else m.group(2))),
    ("number and letter", r"\b(\d{1,2})([A-Z])\b", r"\1 \2"),
    ("word and number", r"\b([A-Z][a-z]+)-(\d{1,2})\b", r"\1 \2"),
    ("roman cardinal", rf"\b({'|'.join(ROMAN_CARDINAL_AFTER)}) ([IVXLC]{{1,7}})\b(?!')",
     lambda m: f"{m.group(1)} {num2words(roman(m.group(2)))}" if roman(m.group(2)) else m.group(0)),
    ("roman regnal", rf"\b({'|'.join(REGNAL)}) ([IVX]{{1,6}})\b(?!')",
     lambda m: f"{m.group(1)} the {num2words(roman(m.group(2)), to='ordinal').title()}" if roman(m.group(2)) and m.group(2) != "I" else m.group(0)),
    ("roman after a name", r"\b([A-Z][a-z]+) (I{2,3}|IV|VI{1,3}|IX|XI{1,3}|XIV|XV|XVI)\b(?!')",
     lambda m: f"{m.group(1)} the {num2words(roman(m.group(2)), to='ordinal').title()}" if roman(m.group(2)) else m.group(0)),
    ("money range", rf"(?P<cur>{CURRENCY_RE})\s?(?P<low>{NUMBER})(?:\s?(?P<mult1>{MULTIPLIER_RE}))?\s?-\s?(?:{CURRENCY_RE})?\s?(?P<high>{NUMBER})(?:\s?(?P<mult>{MULTIPLIER_RE})\b)?",
     _money_range),
    # "60,000₩", "20€": the symbol after the amount (as many countries write it) goes before it
    ("amount then symbol", rf"(?<![\w.])({NUMBER})\s?(₩|€|£|\$)(?![\w$])", r"\2\1"),
    ("money", MONEY.pattern, _money),
    ("per period", r"\b(\w+)-a-(year|week|month|day|night|head)\b", ms.per_period),
    ("amount then code", rf"\b({NUMBER})(?:\s?({MULTIPLIER_RE}))?\s(USD|EUR|GBP|CHF)\b",
     lambda m: _amount(m.group(3), m.group(1), m.group(2) or "", False)),
    ("currency word", rf"(\d[\d,]*(?:\.\d+)?)\s*(?:({MULTIPLIER_RE})\s+)?euro\b", _euro),
    ("pence", r"\b(\d+)p\b", lambda m: f"{say_number(m.group(1))} pence"),
    ("bare multiplier", r"\b(\d+(?:\.\d+)?)(bn|tn|mn)\b", lambda m: f"{say_number(m.group(1))} {MULTIPLIERS[m.group(2)]}"),
    # "the 400m hurdles", "a 2.1m-tall wall" are metres; "4m viewers" millions; "it cost 5m." stays
    ("metres or millions", ms.GLUED_M, ms.glued_m),
    ("thousands", r"(?<![\w.,£$€¥])(\d+(?:\.\d+)?)k\b(?![\w'’])", ms.thousands_k),
    ("plural thousands", r"(?<![\w.,])(10|100|1,?000|10,?000|100,?000|1,?000,?000)s(?= of\b)", ms.plural_thousands),
    ("fraction character", "[" + "".join(FRACTION_CHARS) + "]", lambda m: " " + FRACTION_CHARS[m.group(0)]),
    ("out of", r"(?<![\d/.,])\b(\d+(?:\.\d+)?)/(10|100)\b(?!/)|(?<![\d/.,])\b(\d+\.\d+)/(5|10)\b(?!/)",
     lambda m: f"{m.group(1) or m.group(3)} out of {m.group(2) or m.group(4)}"),
    ("mixed fraction", r"\b(\d+) ([1-9])/(2|3|4|5|8|10)\b(?!/)", lambda m: f"{m.group(1)} and {say_fraction(m.group(2), m.group(3))}"),
    ("fraction", r"(?<![\d/.,])\b([1-9])/(2|3|4|5|8)\b(?!/)", lambda m: say_fraction(m.group(1), m.group(2))),
    ("dimensions", r"\b(\d+)x(\d+)\b", r"\1 by \2"),
    ("times", r"\b(\d+(?:\.\d+)?)x\b", r"\1 times"),
    ("iso date", r"\b(\d{4})-(\d{2})-(\d{2})\b",
     lambda m: f"{say_date(str(int(m.group(3))), MONTHS[int(m.group(2)) - 1], True)} {m.group(1)}" if 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31 else m.group(0)),
    ("number range", r"(?<![\w.,-])(\d{1,4}(?:\.\d+)?)-(\d{1,4}(?:\.\d+)?)(?![\w-]|\.\d)", r"\1 to \2"),
    ("unit", rf"({NUMBER})(?: (million|billion|thousand))?\s?({UNIT_RE})(?![\w/])", _unit),
    # "3 by 8 m": a lone m after a number is metres (money, "$5 m", was read before)
    ("metres", r"(?<![\w.])(\d+(?:\.\d+)?) m\b(?![\w'’&-])", lambda m: f"{m.group(1)} {'metre' if m.group(1) == '1' else 'metres'}"),
    ("day month", rf"\b([0-3]?\d)(?:st|nd|rd|th)? (?:of )?({'|'.join(MONTHS)})\b",
     lambda m: say_date(m.group(1), m.group(2), True)[4 if m.string[max(0, m.start() - 4):m.start()].lower() == "the " else 0:]),
    ("month day", rf"\b({'|'.join(MONTHS)}) ([0-3]?\d)(?:st|nd|rd|th)?\b(?!\d)(?!,\d)", lambda m: say_date(m.group(2), m.group(1), False)),
    ("percent", r"(-?\d[\d,]*(?:\.\d+)?)\s?(?:%|per ?cent\b)", lambda m: f"{say_number(m.group(1))} percent"),
    ("percent sign", r"\s?%", " percent"),  # a column headed "%", "Change %"
    # what is left of the symbols: each read as a word or dropped, never left to the voice to guess
    ("per time", rf"(?<=\w)\s?/\s?({'|'.join(PER_TIME)})\b", lambda m: f" a {PER_TIME[m.group(1).lower()]}"),
    ("slash between numbers", r"(?<=\d)/(?=\d)", " "),
    ("slash between capitals", r"(?<=\b[A-Z]{2})/(?=[A-Z]{2}\b)|(?<=\b[A-Z])/(?=[A-Z]\b)", " "),
    ("slash between words", r"(?<=[^\W\d_]{2})\s?/\s?(?=[^\W\d_]{2})", " or "),
    ("ampersand", r"\s?&\s?", " and "),
    ("at sign", r"\s@\s", " at "),
    ("plus sign", r"\s?\+\s?", " plus "),
    ("section sign", r"§\s?", "section "),
    ("stray slash", r"/", " "),
    ("ordinal", r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: num2words(int(m.group(1)), to="ordinal")),
    ("decade", r"\b(1[1-9]\d0|20[0-9]0)s\b", lambda m: say_year(m.group(0))),
    ("short decade", r"(?<!\w)'([02-9])0s\b", _tens),
    # "the mid-90s", "in her 40s": a decade of a century or of a life
    ("decade without apostrophe", r"(?<![\w.,'])([2-9])0s\b", _tens),
    ("year", r"(?<![\d,.])\b(1[1-9]\d\d|20\d\d)\b(?!\d|[,.]\d)", lambda m: say_year(m.group(0))),
    ("number", r"(?<![\w.])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d)",
     lambda m: say_number(m.group(0)) + (" " if m.string[m.end():m.end() + 1].isalpha() else "")),
    ("bracket", r"\s*[\[{]\s*|\s*[\]}]\s*(?=[,.;:!?])|\s*[\]}]\s*", lambda m: ", " if m.group(0).strip() in "[{" else ("" if m.string[m.end():m.end() + 1] in ",.;:!?" else ", ")),
    ("markup tag", r"</?[a-z][a-z0-9]*(?:\s+[a-z-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>", " "),
    ("angle-bracketed title", r"<([^\W\d_][^<>=]{0,80})>", r"\1"),
    ("stray angle bracket", r"[<>]", " "),  # "Home > News" left by a scrape; "<3", "x > y"
    ("noise", NOISE, " "),
    ("spaces", r"[ \t]{2,}", " "),
    ("space before punctuation", r"\s+([,.;:!?])", r"\1"),
    ("doubled commas", r",(\s*,)+", ","),
)

_DATE = re.compile(ms.DATE)
#: English locales that write a numeric date day first or month first ("03/04/2021"); plain "en"
#: cannot tell, and such a date is left as written.
DAY_FIRST = {"en-us": False, "en-ph": False, **{f"en-{c}": True for c in ("gb", "au", "nz", "ie", "in", "za", "ng", "ke", "sg", "hk")}}
#: Passes over the rules until the text stops changing (which makes speak idempotent).
MAX_PASSES = 4
_COMPILED = tuple((name, re.compile(pat), repl) for name, pat, repl in RULES)


#: Rules that hold in any language (typography and scraped-text damage); the rest read English.
NEUTRAL_RULES = ("characters", "en dash", "missing space after punctuation", "missing space after comma",
                 "bracket", "markup tag", "angle-bracketed title", "noise", "spaces", "space before punctuation", "doubled commas")


#: A run of digits (or of comma-grouped thousands) longer than readings.MAX_NUMBER_DIGITS.
LONG_DIGITS = re.compile(r"\d{1,3}(?:,\d{3}){%d,}|\d{%d,}" % (MAX_NUMBER_DIGITS // 3, MAX_NUMBER_DIGITS + 1))


def _long_digits(m: re.Match[str]) -> str:
    """A run of digits too long to be a number: digit by digit, or named when very long.

    >>> _long_digits(re.match(r"\\d+", "1234567890123456"))
    '1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6'
    >>> _long_digits(re.match(r"\\d+", "7" * 16000))
    'a 16000-digit number'
    >>> speak("It cost 1" + ",000" * 5000 + " dollars, or 1,000,000,000 dollars.")
    'It cost a fifteen thousand and one-digit number dollars, or one billion dollars.'
    """
    digits = m.group().replace(",", "")
    return " ".join(digits) if len(digits) <= MAX_SPOKEN_DIGITS else f"a {len(digits)}-digit number"


def speak(text: str, english: bool = True, day_first: bool | None = None) -> str:
    """Apply every rule in order (only the language-neutral ones for other languages).

    >>> speak("Dr.Petrova said the U.K. gave £1.6 billion.")
    'Doctor Petrova said the U K gave one point six billion pounds.'
    >>> speak("The support spectrum is broad.Beyond that, France,aims at 10,000 drones.")
    'The support spectrum is broad. Beyond that, France, aims at ten thousand drones.'
    >>> speak("drones supplied by the U.K.")
    'drones supplied by the U K.'
    >>> speak("an 800 billion euro (£670 billion) package in 2026")
    'an eight hundred billion euro (six hundred and seventy billion pounds) package in twenty twenty-six'
    """
    rules = _COMPILED if english else tuple(r for r in _COMPILED if r[0] in NEUTRAL_RULES)
    text = LONG_DIGITS.sub(_long_digits, text)  # first, in one linear pass: no rule below meets a long run
    if english:  # "03/04/2021": the order the article's locale writes (``day_first``; None: unknown)
        text = _DATE.sub(lambda m: ms.numeric_date(m, day_first), text)
    for _round in range(MAX_PASSES):  # a rule can expose work for an earlier one ("65UM7300")
        before = text
        for _name, rx, repl in rules:
            text = rx.sub(repl, text)
        if text == before:
            break
    return text.strip()


def apply_lexicon(text: str, lexicon: Mapping[str, str]) -> str:
    """Replace whole words or phrases by their respelling; a key with capitals
    matches only that case, an all-lowercase key any case.

    >>> apply_lexicon("Kyiv and kyiv, Kyivan", {"Kyiv": "Keev"})
    'Keev and kyiv, Kyivan'
    >>> apply_lexicon("von der Leyen spoke", {"von der leyen": "fon der Lyen"})
    'fon der Lyen spoke'
    """
    for key in sorted(lexicon, key=len, reverse=True):
        flags = re.I if key.islower() else 0
        text = re.sub(rf"(?<![\w-]){re.escape(key)}(?![\w-])", lexicon[key].replace("\\", "\\\\"), text, flags=flags)
    return text


def _sentence(text: str) -> str:
    """Headings and lead-ins get a full stop so the voice pauses after them (Chinese and Japanese
    text its own, 。).

    >>> _sentence("Russia Stands Firm"), _sentence("日銀、政策金利を引き上げ"), _sentence("Why?")
    ('Russia Stands Firm.', '日銀、政策金利を引き上げ。', 'Why?')
    """
    if text[-1:] in FULL_STOPS:
        return text
    return text + ("。" if UNSPACED.search(text[-1:]) else ".")


def normalize(script: Script, lexicon: Mapping[str, str] | None = None) -> Script:
    """Set ``spoken`` on every segment (rules, then the show's lexicon).

    The number, date and abbreviation rules read English; for an article in
    another language only the language-neutral rules apply, then what espeak-ng
    misreads in Spanish, French, Italian or Portuguese is written out
    (:func:`newscast.script.locales.say_in`); the voice's own language rules read the rest.
    """
    lexicon = lexicon or {}
    language = (script.language or "en").lower()
    english = language.startswith("en")
    day_first = DAY_FIRST.get((script.meta.language or "").lower().replace("_", "-"))

    def spoken(text: str) -> str:
        return speak(text, day_first=day_first) if english else say_in(speak(text, False), language)

    segments = tuple(
        s.with_(spoken=apply_lexicon(_sentence(spoken(s.text)) if s.kind in ("title", "heading") else spoken(s.text), lexicon))
        for s in script.segments
    )
    return script.with_(segments=segments)
