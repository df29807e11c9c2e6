"""readings: how a newsreader says things — the word tables (currencies, multipliers, units,
abbreviations, initialisms, acronyms, months, Roman-numeral contexts, symbols) and the small
functions that say a number, an amount, a year, a date, a time, a fraction, an address.
normalize's rules use them. Pure.
"""

from __future__ import annotations

import re

from num2words import num2words


#: symbol or ISO code -> (singular, plural) currency names.
CURRENCIES = {"£": ("pound", "pounds"), "$": ("dollar", "dollars"), "US$": ("dollar", "dollars"), "₩": ("won", "won"),
              "A$": ("Australian dollar", "Australian dollars"), "C$": ("Canadian dollar", "Canadian dollars"),
              "AU$": ("Australian dollar", "Australian dollars"), "CA$": ("Canadian dollar", "Canadian dollars"),
              "NZ$": ("New Zealand dollar", "New Zealand dollars"), "HK$": ("Hong Kong dollar", "Hong Kong dollars"),
              "S$": ("Singapore dollar", "Singapore dollars"), "R$": ("real", "reais"),
              "€": ("euro", "euros"), "¥": ("yen", "yen"), "₹": ("rupee", "rupees"), "₽": ("rouble", "roubles"),
              "USD": ("dollar", "dollars"), "EUR": ("euro", "euros"), "GBP": ("pound", "pounds"),
              "JPY": ("yen", "yen"), "CHF": ("Swiss franc", "Swiss francs")}


#: Minor units: (singular, plural) for the cents of each currency name.
MINOR = {"pound": ("penny", "pence"), "dollar": ("cent", "cents"), "euro": ("cent", "cents")}


#: written multiplier -> spoken word.
MULTIPLIERS = {"k": "thousand", "thousand": "thousand", "b": "billion", "m": "million", "mn": "million", "mln": "million",
               "million": "million", "bn": "billion", "billion": "billion", "tn": "trillion", "trillion": "trillion"}


#: Capital multipliers glued to an amount ("$7.2M") -> the written ones above.
UPPER_MULTIPLIERS = {"K": "k", "M": "m", "B": "bn", "T": "tn", "BN": "bn", "MN": "mn", "TN": "tn"}


#: Titles and abbreviations with a period, expanded before a capitalised word.
ABBREVIATIONS = {"Dr": "Doctor", "Mr": "Mister", "Mrs": "Missus", "Ms": "Miz", "Prof": "Professor",
                 "Gen": "General", "Lt": "Lieutenant", "Col": "Colonel", "Sgt": "Sergeant", "Maj": "Major",
                 "Capt": "Captain", "Cmdr": "Commander", "Adm": "Admiral", "Gov": "Governor", "Sen": "Senator",
                 "Rep": "Representative", "Pres": "President", "Rev": "Reverend", "Fr": "Father",
                 "St": "Saint", "Mt": "Mount", "Ft": "Fort", "Jr": "Junior", "Sr": "Senior", "Supt": "Superintendent",
                 "Insp": "Inspector", "Det": "Detective", "Cllr": "Councillor", "Hon": "Honourable"}


#: Latin and other written-only forms said as words (matched exactly).
PHRASES = {"e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "vs.": "versus", "vs": "versus",
           "approx.": "approximately", "&": "and", "24/7": "twenty-four seven", "and/or": "and or",
           "c/o": "care of", "w/": "with", "y/y": "year on year", "m/m": "month on month", "q/q": "quarter on quarter"}


#: Time after a price and a slash ("$4.99/mo") -> what follows "a".
PER_TIME = {"mo": "month", "month": "month", "yr": "year", "year": "year", "wk": "week", "week": "week",
            "day": "day", "night": "night", "hr": "hour", "hour": "hour"}


#: Initialisms, spelled letter by letter (said-as-word acronyms are in ACRONYMS).
INITIALISMS = ("EU", "UK", "US", "USA", "UN", "BBC", "CNN", "CEO", "CFO", "GDP", "NHS", "FBI", "CIA", "IMF",
               "ECB", "MP", "MPs", "PM", "TV", "AI", "UAE", "DC", "IT", "ID", "WHO", "WTO", "OECD", "IOC",
               "FA", "NFL", "NBA", "EV", "EVs", "CO2", "GMT", "BST", "UTC", "EST", "EDT", "PST", "PDT", "CET",
               "CEST", "IPO", "VAT", "ICU", "GP", "DNA", "HIV", "LGBT", "LGBTQ", "SUV", "PR", "HR", "QC", "KC")


#: Acronyms said as words: written in the case a TTS engine reads as a word.
ACRONYMS = {"NATO": "Nato", "NASA": "Nasa", "UNESCO": "Unesco", "UNICEF": "Unicef", "OPEC": "Opec",
            "COVID": "Covid", "AIDS": "Aids", "FIFA": "Fifa", "UEFA": "Uefa", "ASEAN": "Asean", "OFCOM": "Ofcom",
            "OFSTED": "Ofsted", "SARS": "Sars", "NASDAQ": "Nasdaq", "LIBOR": "Libor", "INTERPOL": "Interpol",
            "EUROPOL": "Europol", "FRONTEX": "Frontex", "ISIS": "Isis", "DARPA": "Darpa", "NORAD": "Norad"}


#: unit -> (singular, plural), read after a number.
UNITS = {"km": ("kilometre", "kilometres"), "km/h": ("kilometre per hour", "kilometres per hour"),
         "kph": ("kilometre per hour", "kilometres per hour"), "kg": ("kilogram", "kilograms"),
         "mph": ("mile per hour", "miles per hour"), "mpg": ("mile per gallon", "miles per gallon"),
         "cm": ("centimetre", "centimetres"), "mm": ("millimetre", "millimetres"), "mi": ("mile", "miles"),
         "°C": ("degree Celsius", "degrees Celsius"), "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
         "C": ("degree Celsius", "degrees Celsius"),
         "kW": ("kilowatt", "kilowatts"), "MW": ("megawatt", "megawatts"), "GW": ("gigawatt", "gigawatts"),
         "kWh": ("kilowatt hour", "kilowatt hours"), "MWh": ("megawatt hour", "megawatt hours"),
         "GWh": ("gigawatt hour", "gigawatt hours"), "sq ft": ("square foot", "square feet"),
         "sq km": ("square kilometre", "square kilometres"), "sq m": ("square metre", "square metres"),
         "km2": ("square kilometre", "square kilometres"), "m2": ("square metre", "square metres"),
         "ft": ("foot", "feet"), "lb": ("pound", "pounds"), "lbs": ("pound", "pounds"), "oz": ("ounce", "ounces"),
         "GB": ("gigabyte", "gigabytes"), "TB": ("terabyte", "terabytes"), "MB": ("megabyte", "megabytes"),
         "Hz": ("hertz", "hertz"), "GHz": ("gigahertz", "gigahertz"), "MHz": ("megahertz", "megahertz"),
         "ml": ("millilitre", "millilitres"), "mg": ("milligram", "milligrams"), "ha": ("hectare", "hectares"),
         "bpd": ("barrel a day", "barrels a day"), "kt": ("knot", "knots"),
         "bps": ("basis point", "basis points"), "bp": ("basis point", "basis points"),
         "m²": ("square metre", "square metres"), "km²": ("square kilometre", "square kilometres"),
         "cm²": ("square centimetre", "square centimetres"), "ft²": ("square foot", "square feet"),
         "m³": ("cubic metre", "cubic metres"), "cm³": ("cubic centimetre", "cubic centimetres"),
         "°": ("degree", "degrees"), "hrs": ("hour", "hours"), "hr": ("hour", "hours"),
         "mins": ("minute", "minutes"), "min": ("minute", "minutes"), "secs": ("second", "seconds"),
         "sec": ("second", "seconds"), "yrs": ("year", "years"), "yr": ("year", "years"),
         "wks": ("week", "weeks"), "mths": ("month", "months")}


#: Words before a number and a capital letter that name a flat, a seat or a class, not a temperature ("Flat 5C").
NOT_TEMPERATURE_AFTER = ("Flat", "Apartment", "Apt", "Room", "Unit", "Form", "Block", "Gate", "Seat", "Platform",
                         "Stand", "Row", "Suite", "Level", "Floor", "Bus", "Route", "Class", "Grade", "Year", "Vitamin")


#: Symbols read as words where they stand before or between numbers.
SYMBOL_WORDS = {"±": "plus or minus", "~": "about", "≈": "about", "≥": "at least", "≤": "at most",
                ">": "more than", "<": "less than"}


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


#: Abbreviated months and weekdays, expanded when a day, a year or a month follows.
SHORT_MONTHS = {"Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June",
                "Jul": "July", "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October",
                "Nov": "November", "Dec": "December"}


SHORT_DAYS = {"Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday",
              "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday", "Sat": "Saturday", "Sun": "Sunday"}


#: Words before a Roman numeral that is a cardinal number ("World War Two", "Part Three").
ROMAN_CARDINAL_AFTER = ("War", "Part", "Phase", "Chapter", "Act", "Volume", "Round", "Stage", "Type", "Class",
                        "Grade", "Level", "Bowl", "Apollo", "Mark", "Vatican", "Tier", "Section", "Title", "Article")


#: Names that take an ordinal Roman numeral even when it is a single letter ("Henry V").
REGNAL = ("Charles", "Henry", "Elizabeth", "George", "Edward", "William", "Louis", "Richard", "James", "John",
          "Paul", "Benedict", "Pius", "Leo", "Gregory", "Mary", "Frederick", "Philip", "Felipe", "Carl", "Gustaf",
          "Harald", "Olav", "Rama", "Ramses", "Napoleon", "Alexander", "Nicholas", "Peter", "Catherine", "Urban")


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


#: Fractions: characters and written (numerator, denominator) pairs.
FRACTION_CHARS = {"½": "one half", "¼": "one quarter", "¾": "three quarters", "⅓": "one third",
                  "⅔": "two thirds", "⅛": "one eighth"}


DENOMINATORS = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters"), 5: ("fifth", "fifths"),
                8: ("eighth", "eighths"), 10: ("tenth", "tenths")}


#: Decades written with an apostrophe.
DECADES = {"2": "twenties", "3": "thirties", "4": "forties", "5": "fifties", "6": "sixties", "7": "seventies",
           "8": "eighties", "9": "nineties", "0": "noughties"}


#: Words after an amount that show it stands before a noun as an adjective
#: ("a £5bn deal" -> "pound"); these function words show it does not.
NOT_NOUNS = ("of", "in", "to", "and", "or", "for", "on", "from", "over", "per", "a", "an", "the", "by", "at",
             "with", "was", "is", "were", "are", "has", "had", "will", "would", "in", "into", "each", "more",
             "less", "than", "last", "this", "that", "worth", "so", "but", "as", "after", "before", "since")


#: Characters replaced before anything else (typography -> what TTS reads well).
CHARACTERS = {"“": "", "”": "", "„": "", "«": "", "»": "", "‘": "'", "’": "'", "…": ", ", "—": ", ",
              "\u00a0": " ", "\u2009": " ", "\u202f": " ", "•": "", "−": "-", "‑": "-", "‐": "-", "‒": "-",
              "―": ", ", "×": "x"}


MULTIPLIER_RE = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))


CURRENCY_RE = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))


UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))


NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


#: Digit runs longer than this are no amount a newsreader would say as a number (the largest read
#: is in the hundreds of trillions) ...
MAX_NUMBER_DIGITS = 15
#: ... they are read digit by digit up to this length (an account or tracking number), and a longer
#: one is named, not read (a page of digits would be minutes of speech).
MAX_SPOKEN_DIGITS = 40


def say_number(text: str) -> str:
    """Read a written number: thousands separators, decimals, negatives.

    >>> say_number("10,000"), say_number("2.26"), say_number("-3"), say_number("80")
    ('ten thousand', 'two point two six', 'minus three', 'eighty')
    """
    text = text.replace(",", "")
    if text.startswith("-"):
        return "minus " + say_number(text[1:])
    if "." in text:
        whole, frac = text.split(".", 1)
        return f"{say_number(whole or '0')} point {' '.join(num2words(int(d)) for d in frac)}"
    if len(text) > MAX_SPOKEN_DIGITS:  # a page of digits is named, not read
        return f"a {num2words(len(text))}-digit number"
    if len(text) > MAX_NUMBER_DIGITS:  # beyond the quadrillions num2words overflows: no amount, read its digits
        return " ".join(num2words(int(d)) for d in text)
    return num2words(int(text))


_ARTICLE_BEFORE = re.compile(r"(?<!\w)[Aa]n?\s+$")
_WORD_AFTER = re.compile(r"\s+([a-z][\w-]*)")
#: How far back a rule looks for the word before a match: a bounded look keeps every rule linear
#: in the text (a look at the whole text before each match made a page of amounts quadratic).
LOOK_BACK = 40


def after_a_or_an(text: str, at: int) -> bool:
    """Whether "a" or "an" stands just before ``at``.

    >>> after_a_or_an("an 800 billion", 3), after_a_or_an("Jan 800", 4), after_a_or_an("x" * 100 + " a 5", 103)
    (True, False, True)
    """
    return bool(_ARTICLE_BEFORE.search(text, max(0, at - LOOK_BACK), at))


def word_before(text: str, at: int) -> str:
    """The word just before ``at`` ('' at the start), looking back at most :data:`LOOK_BACK` characters.

    >>> word_before("Flat 5C", 5), word_before("5C", 0), word_before("y" * 100 + " Form 5C", 106)
    ('Flat', '', 'Form')
    """
    start = max(0, at - LOOK_BACK)
    words = text[start:at].split()
    if words and start > 0 and not text[start - 1].isspace() and not text[start].isspace():
        words = words[1:]  # the window began inside a word
    return words[-1] if words else ""


def _adjectival(m: re.Match[str]) -> bool:
    """An amount after "a"/"an" and before a noun is an adjective ("a £5bn deal")."""
    after = _WORD_AFTER.match(m.string, m.end())
    return after_a_or_an(m.string, m.start()) and after is not None and after.group(1) not in NOT_NOUNS


def _amount(cur: str, amount: str, mult: str, adjectival: bool) -> str:
    singular, plural = CURRENCIES[cur]
    if mult:  # "$3.40M": three point four million (a trailing zero of the figure is not said)
        figure = re.sub(r"(\.\d*?)0+$", r"\1", amount).rstrip(".") if "." in amount else amount
        return f"{say_number(figure)} {MULTIPLIERS[mult.lower()]} {singular if adjectival else plural}"
    whole, _, cents = amount.replace(",", "").partition(".")
    minor = MINOR.get(singular)
    if cents and int(cents) and whole in ("", "0") and minor:
        n = int(cents.ljust(2, "0")[:2])
        return f"{num2words(n)} {minor[0] if n == 1 else minor[1]}"
    name = singular if whole == "1" or adjectival else plural
    spoken = f"{say_number(whole or '0')} {name}"
    if cents and int(cents):
        spoken += f" {num2words(int(cents.ljust(2, '0')[:2]))}"
    return spoken


def say_year(text: str) -> str:
    """Read a year or a decade.

    >>> say_year("1987"), say_year("2026"), say_year("1990s"), say_year("2000"), say_year("2005")
    ('nineteen eighty-seven', 'twenty twenty-six', 'nineteen nineties', 'two thousand', 'two thousand and five')
    """
    if text.endswith("s"):
        words = say_year(text[:-1])
        return re.sub(r"y$", "ies", words) if words.endswith("y") else words + "s"
    return num2words(int(text), to="year")


def spell_initialism(text: str) -> str:
    """Spell an initialism letter by letter (a plural 's' stays on the last letter).

    >>> spell_initialism("U.K."), spell_initialism("U.S"), spell_initialism("MPs"), spell_initialism("CO2")
    ('U K', 'U S', "M P's", 'C O two')
    """
    plural = text.endswith("s") and not text.isupper()
    letters = [num2words(int(ch)) if ch.isdigit() else ch for ch in (text[:-1] if plural else text) if ch.isalnum()]
    return " ".join(letters) + ("'s" if plural else "")


def say_unit(number: str, unit: str, adjectival: bool = False) -> str:
    """A number with its unit, in agreement.

    >>> say_unit("12", "km"), say_unit("1", "km"), say_unit("2.5", "°C"), say_unit("12", "km", True)
    ('twelve kilometres', 'one kilometre', 'two point five degrees Celsius', 'twelve kilometre')
    """
    singular, plural = UNITS[unit]
    return f"{say_number(number)} {singular if number == '1' or adjectival else plural}"


def say_date(day: str, month: str, day_first: bool) -> str:
    """UK and US day-month dates, as said aloud.

    >>> say_date("1", "April", True), say_date("22", "March", False)
    ('the first of April', 'March twenty-second')
    """
    ordinal = num2words(int(day), to="ordinal")
    return f"the {ordinal} of {month}" if day_first else f"{month} {ordinal}"


def say_time(hour: str, minute: str, meridiem: str = "") -> str:
    """A clock time as said aloud.

    >>> say_time("9", "30", "a"), say_time("10", "00", "p"), say_time("14", "00"), say_time("9", "05"), say_time("14", "45")
    ('nine thirty a m', 'ten p m', 'fourteen hundred', 'nine oh five', 'fourteen forty-five')
    """
    h, mins = int(hour), int(minute)
    if mins == 0:
        spoken = f"{num2words(h)} {'hundred' if not meridiem and h > 12 or hour.startswith('0') else ''}".strip()
        if not meridiem and h <= 12 and not hour.startswith("0"):
            spoken = f"{num2words(h)} o'clock"
    elif mins < 10:
        spoken = f"{num2words(h)} oh {num2words(mins)}"
    else:
        spoken = f"{num2words(h)} {num2words(mins)}"
    return f"{spoken} {meridiem} m" if meridiem else spoken


def roman(text: str) -> int | None:
    """Value of a Roman numeral up to 399, or None.

    >>> roman("III"), roman("XIV"), roman("IIII"), roman("MIX"), roman("LIX"), roman("XC")
    (3, 14, None, None, 59, 90)
    """
    if not re.fullmatch(r"C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", text) or not text:
        return None
    total = 0
    for ch, nxt in zip(text, text[1:] + " "):
        value = ROMAN[ch]
        total += -value if nxt != " " and ROMAN.get(nxt, 0) > value else value
    return total


def say_fraction(num: str, den: str) -> str:
    """A simple fraction.

    >>> say_fraction("1", "2"), say_fraction("3", "4"), say_fraction("2", "3")
    ('one half', 'three quarters', 'two thirds')
    """
    n = int(num)
    singular, plural = DENOMINATORS[int(den)]
    return f"{num2words(n)} {singular if n == 1 else plural}"


def say_url(text: str) -> str:
    """A web address as said aloud: no scheme, no www, dots and slashes named.

    >>> say_url("https://www.bbc.co.uk/news/"), say_url("example.org")
    ('bbc dot co dot uk slash news', 'example dot org')
    """
    text = re.sub(r"^https?://", "", text)
    text = re.sub(r"^www\.", "", text).rstrip("/")
    return re.sub(r"\s+", " ", text.replace(".", " dot ").replace("/", " slash ").replace("-", " dash ")).strip()


def say_email(text: str) -> str:
    """
    >>> say_email("news.desk@example.com")
    'news dot desk at example dot com'
    """
    user, _, host = text.partition("@")
    return f"{user.replace('.', ' dot ')} at {say_url(host)}"
