"""measures: a newsreader's readings of tokens whose meaning their neighbours decide — a glued
"m" that is metres or millions, model numbers, phone numbers, score lists, "k" and "100s",
versions and network addresses, numeric dates, clock times after midnight, time zones, street
and office abbreviations. Tables first, then one small transform each, with doctests;
:data:`newscast.script.normalize.RULES` holds the rows that call them. English only. Pure.
"""

from __future__ import annotations

import re

from num2words import num2words

from .readings import CURRENCIES, MONTHS, say_date, say_number, say_url, say_year, spell_initialism, word_before

#: Words after "400m" that make it a distance an event or a thing is measured in ("the 400m
#: hurdles", "a 50m pool") — said "metre", as an adjective.
METRE_NOUNS = frozenset("hurdles freestyle relay relays sprint dash butterfly backstroke breaststroke medley "
                        "individual final finals race races run steeplechase event events title record records "
                        "gold silver bronze heat heats semi-final semifinal champion pool pools wall walls "
                        "tower yacht drop swim".split())
#: Words after "3m" that make it a distance said "metres" ("3m long", "50m away", "2m from").
METRE_AFTER = frozenset("long high tall wide deep thick away above below beneath from across apart "
                        "underground under down up off behind ahead short".split())
#: Words just before "5m" that make it money ("raised 5m from investors", "lost 3m").
MONEY_BEFORE = frozenset("raised raise raises raising cost costs costing paid pay pays paying worth earned earns earning "
                         "lost losses spent spend spending invested investing fund funds funding budget deal fine fined "
                         "bill debt debts loan loans profit profits revenue revenues sales turnover valued bid offer "
                         "salary wages owed owes price prices priced sold bought".split())
#: Words after "the 1500m" that leave it the name of the event ("won the 1500m in Paris").
EVENT_END = frozenset("in at on and or with for after before to by but as where when while".split())

#: Words near a list of scores that make it a match's sets or games ("won 7-6, 3-6, 6-2").
SCORE_WORDS = re.compile(r"\b(?:won|lost|beat|beaten|beating|defeated|defeating|winning|losing|drew|edged|downed|"
                         r"prevailed|victory|defeat|win|sets?|scores?|scoreline)\b(?:\s+\S+){0,3}\s*$", re.I)

#: Exchanges a company's ticker is given for in brackets ("General Motors (NYSE: GM)").
EXCHANGES = ("NYSE American", "NYSE Arca", "NYSE", "NASDAQ", "Nasdaq", "LSE", "AIM", "TSX", "TSXV", "ASX", "AMEX",
             "OTC", "OTCQX", "HKEX", "HKSE", "SEHK", "TYO", "TSE", "SGX", "NSE", "BSE", "JSE", "SIX", "Euronext",
             "XETRA", "ETR", "FRA", "EPA", "BIT", "BME", "STO", "CPH", "HEL", "OSE", "KRX", "SSE", "SZSE", "TWSE")

#: Time zones said letter by letter after a clock time ("7pm GMT", "noon PT").
ZONES = ("GMT", "BST", "UTC", "CET", "CEST", "EET", "EEST", "WET", "WEST", "EST", "EDT", "CST", "CDT", "MST", "MDT",
         "PST", "PDT", "AKST", "HST", "ET", "CT", "MT", "PT", "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT", "IST",
         "JST", "KST", "HKT", "SGT", "MSK", "SAST", "WAT", "EAT", "GST")

#: A time zone just after a clock time's end.
ZONE_AFTER = re.compile(rf"\s+(?:{'|'.join(ZONES)})\b")

#: Street words written short after a street's name, with a dot or without (the dot-only ones
#: need it: "Ct" and "Pl" are other things too).
STREETS = {"Ave": "Avenue", "Av": "Avenue", "Blvd": "Boulevard", "Rd": "Road", "Hwy": "Highway", "Pkwy": "Parkway",
           "Ln": "Lane", "Dr": "Drive", "Sq": "Square", "Tce": "Terrace", "Cres": "Crescent"}
STREETS_WITH_DOT = {"Ct": "Court", "Pl": "Place"}
#: Words written short in the middle of a sentence, said in full (a final dot may be the full stop).
SHORT_WORDS = {"Dept.": "Department", "Depts.": "Departments", "Corp.": "Corporation", "Govt.": "Government",
               "Govt": "Government", "Gov't": "Government", "Univ.": "University", "Assn.": "Association",
               "Intl.": "International", "Natl.": "National", "Mfg.": "Manufacturing", "Bros.": "Brothers"}
#: Titles written without a dot, British style, before a capitalised name ("Ms Jones").
TITLES_WITHOUT_DOT = {"Mr": "Mister", "Mrs": "Missus", "Ms": "Miz", "Dr": "Doctor", "Prof": "Professor",
                      "Cllr": "Councillor", "Sgt": "Sergeant", "Supt": "Superintendent", "Insp": "Inspector",
                      "Capt": "Captain", "Lt": "Lieutenant", "Rev": "Reverend", "Det": "Detective", "Gov": "Governor",
                      "Sen": "Senator", "Rep": "Representative", "Col": "Colonel", "Gen": "General", "Maj": "Major",
                      "Adm": "Admiral", "Cmdr": "Commander", "Brig": "Brigadier"}
#: Plural thousands said as words before "of" ("100s of people", "10,000s of homes").
PLURAL_THOUSANDS = {"10": "tens", "100": "hundreds", "1000": "thousands", "10000": "tens of thousands",
                    "100000": "hundreds of thousands", "1000000": "millions"}
#: The world wars by their short names.
WORLD_WARS = {"WWI": "World War one", "WW1": "World War one", "WWII": "World War two", "WW2": "World War two"}
#: Words after "5k" that make it a race's distance, said "K" ("a 5k run").
K_RACES = frozenset("run runs race races walk walks fun-run".split())
#: "4k" and "8k" are a screen's resolution ("4k streaming"), not four thousand.
RESOLUTIONS = ("4", "8")


#: Link shorteners: an address there is letters to no one ("bit.ly/3xYz9Q").
SHORTENERS = ("bit.ly", "t.co", "amzn.to", "goo.gl", "tinyurl.com", "ow.ly", "buff.ly", "trib.al", "dlvr.it", "youtu.be",
              "lnkd.in", "fb.me", "wp.me", "is.gd", "rebrand.ly", "cutt.ly", "shorturl.at", "tiny.cc", "bitly.com", "on.ft.com",
              "nyti.ms", "wapo.st", "reut.rs", "bbc.in", "cnn.it", "apne.ws", "politi.co", "flip.it", "ift.tt", "spoti.fi")


def say_address(url: str) -> str:
    """A web address in a sentence: said when it is words ("bbc dot co dot uk slash news"), "a
    link" when it is a shortener's code or a path of random letters and digits, which no
    listener could type.

    >>> say_address("https://www.bbc.co.uk/news"), say_address("https://bit.ly/3xYz9Q"), say_address("example.com/p/8fK2mQ7zX1")
    ('bbc dot co dot uk slash news', 'a link', 'a link')
    """
    bare = re.sub(r"^(https?://)?(www\.)?", "", url.rstrip("/"))
    host, _, path = bare.partition("/")
    opaque = any(re.fullmatch(r"(?=\w*\d)(?=\w*[A-Za-z])\w{5,}|\w{16,}", part) for part in re.split(r"[/?=&#.-]", path))
    return "a link" if host.lower() in SHORTENERS or opaque or len(bare) > 60 else say_url(url)


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\s+([\w-]+)", text[end:end + 40])
    return m.group(1) if m else ""


def say_digits(digits: str) -> str:
    """Digit by digit, 0 as "oh" (how a telephone number, an emergency number or a jet is said).

    >>> say_digits("0207"), say_digits("911")
    ('oh two oh seven', 'nine one one')
    """
    return " ".join("oh" if d == "0" else num2words(int(d)) for d in digits)


#: A number with an "m" glued to it and no currency before it ("400m", "2.1m-tall").
GLUED_M = r"(?<![\w.,£$€¥])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)m(?:-([a-z]+))?(?![\w'’])"


def glued_m(m: re.Match[str]) -> str:
    """"400m" without a currency: metres or millions, as the words around it say; left as written
    when they do not.

    >>> [re.sub(GLUED_M, glued_m, t) for t in
    ...  ("the 400m hurdles", "a 2.1m-tall wall", "4m viewers", "won the 1500m in", "3m away", "about 5m.", "raised 5m from")]
    ['the 400 metre hurdles', 'a 2.1 metre tall wall', '4 million viewers', 'won the 1500 metres in', '3 metres away', 'about 5m.', 'raised 5 million from']
    """
    number, adjective = m.group(1), m.group(2)
    after = m.string[m.end():m.end() + 1]
    if word_before(m.string, m.start()).lower() in MONEY_BEFORE and not adjective:
        return f"{number} million"
    metres = "metre" if number == "1" else "metres"
    if adjective:
        return f"{number} metre {adjective}" if adjective in METRE_AFTER else m.group(0)
    nxt = _next_word(m.string, m.end()) if after.isspace() else ""
    if nxt.lower() in METRE_NOUNS:
        return f"{number} metre"
    if nxt.lower() in METRE_AFTER:
        return f"{number} {metres}"
    if word_before(m.string, m.start()).lower() == "the" and (not after or after in ",.;:!?)" or nxt in EVENT_END):
        return f"{number} {metres}"
    if nxt[:1].islower():
        return f"{number} million"
    return m.group(0)


def digit_groups(digits: str) -> str:
    """Three digits of a model number said in two groups, as people say aircraft and trucks.

    >>> digit_groups("380"), digit_groups("150"), digit_groups("707"), digit_groups("300")
    ('three eighty', 'one fifty', 'seven oh seven', 'three hundred')
    """
    first, rest = num2words(int(digits[0])), digits[1:]
    if rest == "00":
        return f"{first} hundred"
    if rest[0] == "0":
        return f"{first} oh {num2words(int(rest[1]))}"
    return f"{first} {num2words(int(rest))}"


def boeing(number: str) -> str:
    """Boeing's jets: the jumbo is the seven forty-seven, the others digit by digit.

    >>> boeing("747"), boeing("787"), boeing("707")
    ('seven forty-seven', 'seven eight seven', 'seven oh seven')
    """
    return "seven forty-seven" if number == "747" else say_digits(number)


def phone(m: re.Match[str]) -> str:
    """A telephone number: digit by digit (0 is "oh"), a pause between the groups as written.

    >>> phone(re.match(r".+", "020 7946 0000")), phone(re.match(r".+", "(555) 010-9999"))
    ('oh two oh, seven nine four six, oh oh oh oh', 'five five five, oh one oh, nine nine nine nine')
    >>> phone(re.match(r".+", "0800 123 456"))
    'oh eight hundred, one two three, four five six'
    """
    groups = re.findall(r"\+?\d+", m.group(0))
    said = ["oh eight hundred" if g == "0800" else ("plus " if g.startswith("+") else "") + say_digits(g.lstrip("+"))
            for g in groups]
    return ", ".join(said)


def score_list(m: re.Match[str]) -> str:
    """Sets of a match in a row ("7-6, 3-6, 6-2"): each said as its two numbers; other lists of
    pairs (age bands, ranges) are left to the range rule.

    >>> [score_list(re.search(r"\\d+-\\d+(?:, \\d+-\\d+)+", t)) for t in ("He won 7-6, 3-6, 6-2", "ages 18-24, 25-34")]
    ['seven six, three six, six two', '18-24, 25-34']
    """
    if not SCORE_WORDS.search(m.string[max(0, m.start() - 60):m.start()]):
        return m.group(0)
    pairs = re.findall(r"(\d+)-(\d+)", m.group(0))
    return ", ".join(f"{num2words(int(a))} {num2words(int(b))}" for a, b in pairs)


def thousands_k(m: re.Match[str]) -> str:
    """"50k" without a currency is thousands, but "a 5k run" is a race's distance.

    >>> [thousands_k(re.search(r"(\\d+(?:\\.\\d+)?)k\\b", t)) for t in ("50k fans", "a 5k run", "2.5k", "4k streaming")]
    ['fifty thousand', 'five K', 'two point five thousand', 'four K']
    """
    if _next_word(m.string, m.end()).lower() in K_RACES or m.group(1) in RESOLUTIONS:
        return f"{say_number(m.group(1))} K"
    return f"{say_number(m.group(1))} thousand"


def plural_thousands(m: re.Match[str]) -> str:
    """"100s of", "10,000s of": hundreds of, tens of thousands of (capitalised opening a sentence).

    >>> [plural_thousands(re.search(r"([\\d,]+)s(?= of)", t)) for t in ("100s of people", "Rescuers saved 10,000s of")]
    ['Hundreds', 'tens of thousands']
    """
    words = PLURAL_THOUSANDS.get(m.group(1).replace(",", ""))
    if words is None:
        return m.group(0)
    before = m.string[max(0, m.start() - 3):m.start()]
    return words[0].upper() + words[1:] if m.start() == 0 or re.search(r"[.!?]\s+$", before) else words


#: Currency names in the plural -> the singular, for "a $3m-a-year deal".
_SINGULAR = {plural: singular for singular, plural in CURRENCIES.values()}


def per_period(m: re.Match[str]) -> str:
    """"three million dollars-a-year" (money read first) -> "three million dollar a year".

    >>> per_period(re.search(r"(\\w+)-a-(\\w+)", "forty thousand pounds-a-year"))
    'pound a year'
    """
    return f"{_SINGULAR.get(m.group(1), m.group(1))} a {m.group(2)}"


def dotted_numbers(m: re.Match[str]) -> str:
    """Dotted numbers that are no decimal: an IPv4 address (four parts up to 255: "dot"), a version
    ("17.2.1": "point"), a variant's code after a letter ("B.1.1.7": digit by digit).

    >>> [dotted_numbers(re.search(r"(?:([A-Z])\\.)?\\d+(?:\\.\\d+){2,3}", t)) for t in ("192.0.2.1", "iOS 17.2.1", "B.1.1.7")]
    ['one hundred and ninety-two dot zero dot two dot one', 'seventeen point two point one', 'B one one seven']
    """
    text = m.group(0)
    if m.group(1):
        return f"{m.group(1)} " + " ".join(say_number(p) for p in text[2:].split("."))
    parts = text.split(".")
    if len(parts) == 4 and all(int(p) <= 255 for p in parts):
        return " dot ".join(say_number(p) for p in parts)
    return " point ".join(say_number(p) for p in parts)


def version(m: re.Match[str]) -> str:
    """"v2.0" -> "version two point zero".

    >>> version(re.search(r"\\bv(\\d+(?:\\.\\d+)*)\\b", "v2.0")), version(re.search(r"\\bv(\\d+(?:\\.\\d+)*)\\b", "v3"))
    ('version two point zero', 'version three')
    """
    return "version " + " point ".join(say_number(p) for p in m.group(1).split("."))


def code(m: re.Match[str]) -> str:
    """Letters and digits in turn, a virus strain or a part number ("H1N1", "H5N1"): each said.

    >>> code(re.match(r".+", "H1N1")), code(re.match(r".+", "H5N1"))
    ('H one N one', 'H five N one')
    """
    return " ".join(num2words(int(p)) if p.isdigit() else spell_initialism(p) for p in re.findall(r"[A-Z]+|\d+", m.group(0)))


def numeric_date(m: re.Match[str], day_first: bool | None) -> str:
    """"25/12/2021", "2021.04.03", "03.04.2021": a date when its order is certain — a day above 12,
    a year first, dots (written day first), or the article's locale (``day_first``); else as written.

    >>> [numeric_date(re.search(DATE, t), None) for t in ("25/12/2021", "12/25/2021", "2021.04.03", "03/04/2021")]
    ['the twenty-fifth of December twenty twenty-one', 'December twenty-fifth, twenty twenty-one', 'the third of April twenty twenty-one', '03/04/2021']
    >>> numeric_date(re.search(DATE, "03/04/2021"), False)
    'March fourth, twenty twenty-one'
    """
    first: bool | None = True
    if m.group("y1"):
        year, month, day = m.group("y1"), int(m.group("m1")), int(m.group("d1"))
    else:
        a, b, year = int(m.group("a")), int(m.group("b")), m.group("y2")
        first = True if a > 12 or m.group("sep") == "." else False if b > 12 else day_first
        if first is None:
            return m.group(0)
        day, month = (a, b) if first else (b, a)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return m.group(0)
    said = say_date(str(day), MONTHS[month - 1], bool(first))
    return f"{said} {say_year(year)}" if first else f"{said}, {say_year(year)}"


#: A numeric date: year first with dots or slashes, or day and month (either order) then a 4-digit year.
DATE = (r"(?<![\d./])(?:(?P<y1>(?:19|20)\d\d)[./](?P<m1>\d{1,2})[./](?P<d1>\d{1,2})"
        r"|(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y2>(?:19|20)\d\d))(?!\d|[./]\d)")


def after_midnight(m: re.Match[str]) -> str:
    """"00:15" -> "twelve fifteen a m" (a 24-hour clock's first hour); other hours go on.

    >>> after_midnight(re.match(r"(\\d\\d):(\\d\\d)", "00:15")), after_midnight(re.match(r"(\\d\\d):(\\d\\d)", "00:00"))
    ('twelve fifteen a m', 'midnight')
    """
    minutes = int(m.group(2))
    if minutes == 0:
        return "midnight"
    return f"twelve {'oh ' if minutes < 10 else ''}{num2words(minutes)} a m"


def abbreviated(word: str, full: str, text: str, end: int) -> str:
    """A word written short whose dot may also end the sentence: the dot stays only then.

    >>> abbreviated("Blvd.", "Boulevard", "on Sunset Blvd.", 15), abbreviated("Blvd.", "Boulevard", "Blvd. is shut", 5)
    ('Boulevard.', 'Boulevard')
    """
    rest = text[end:]
    ends = word.endswith(".") and (not rest.strip() or re.match(r"\s+[A-Z]", rest) is not None)
    return full + ("." if ends else "")
