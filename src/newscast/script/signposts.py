"""signposts: signposts a listener needs because they cannot see the page — an
intro (show and date), a transition before an interview (who talks with whom,
so no label is read aloud) and an outro, in the article's language where
:data:`WORDING` has it (other languages get none). Pure: a Script in, a Script out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..settings.show import Show
from ..core.models import Script, Segment


@dataclass(frozen=True)
class Wording:
    """One language's signposts: texts with {show}, {day}, {interviewer}, {guests}, {title}; the
    date as ``day`` formats it ({weekday}, {d}, {month}, {m}, {year}); names of weekdays (Monday
    first) and months; the word that joins the last two guests."""

    intro: str
    transition: str
    outro: str
    day: str
    weekdays: tuple[str, ...]
    months: tuple[str, ...]
    and_: str


def _names(words: str) -> tuple[str, ...]:
    return tuple(words.split())


#: Signposts per article language (primary subtag). Dates are written with digits where the
#: language's reader expands them itself (espeak-ng, Chinese's and Japanese's front ends).
WORDING: dict[str, Wording] = {
    "en": Wording("This is {show}, for {day}.", "Next: {interviewer} talks with {guests}.",
                  "That was {title}. You have been listening to {show}.", "{weekday}, {d} {month} {year}",
                  _names("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"),
                  _names("January February March April May June July August September October November December"), "and"),
    "es": Wording("Esto es {show}, {day}.", "A continuación, {interviewer} conversa con {guests}.",
                  "Ha sido {title}. Han escuchado {show}.", "{weekday}, {d} de {month} de {year}",
                  _names("lunes martes miércoles jueves viernes sábado domingo"),
                  _names("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"), "y"),
    "fr": Wording("Vous écoutez {show}, {day}.", "{interviewer} s'entretient maintenant avec {guests}.",
                  "C'était {title}. Vous écoutiez {show}.", "{weekday} {d} {month} {year}",
                  _names("lundi mardi mercredi jeudi vendredi samedi dimanche"),
                  _names("janvier février mars avril mai juin juillet août septembre octobre novembre décembre"), "et"),
    "it": Wording("Questo è {show}, {day}.", "Ora {interviewer} parla con {guests}.",
                  "Era {title}. Avete ascoltato {show}.", "{weekday} {d} {month} {year}",
                  _names("lunedì martedì mercoledì giovedì venerdì sabato domenica"),
                  _names("gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"), "e"),
    "pt": Wording("Este é o {show}, {day}.", "A seguir, {interviewer} conversa com {guests}.",
                  "Foi {title}. Você ouviu {show}.", "{weekday}, {d} de {month} de {year}",
                  _names("segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo"),
                  _names("janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"), "e"),
    "de": Wording("Hier ist {show}, am {day}.", "Es folgt: {interviewer} im Gespräch mit {guests}.",
                  "Das war {title}. Sie hörten {show}.", "{weekday}, {d}. {month} {year}",
                  _names("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"),
                  _names("Januar Februar März April Mai Juni Juli August September Oktober November Dezember"), "und"),
    "hi": Wording("यह {show} है, {day}।", "अब {interviewer} की बातचीत {guests} से।",
                  "यह था {title}। आप सुन रहे थे {show}।", "{weekday}, {d} {month} {year}",
                  _names("सोमवार मंगलवार बुधवार गुरुवार शुक्रवार शनिवार रविवार"),
                  _names("जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर"), "और"),
    "zh": Wording("这里是{show}，{day}。", "接下来，{interviewer}与{guests}对话。",
                  "以上是{title}。您收听的是{show}。", "{year}年{m}月{d}日，{weekday}",
                  _names("星期一 星期二 星期三 星期四 星期五 星期六 星期日"), (), "和"),
    "ja": Wording("{show}です。{day}。", "続いて、{interviewer}が{guests}に話を聞きます。",
                  "「{title}」をお伝えしました。{show}でした。", "{year}年{m}月{d}日、{weekday}",
                  _names("月曜日 火曜日 水曜日 木曜日 金曜日 土曜日 日曜日"), (), "と"),
}
#: Kept for callers of the English texts.
INTRO, TRANSITION, OUTRO = WORDING["en"].intro, WORDING["en"].transition, WORDING["en"].outro


def spoken_day(iso: str | None, today: date | None = None, language: str = "en") -> str:
    """The article's date (ISO), else ``today`` (else the date now), written the way the language's reader reads it.

    >>> spoken_day("2026-03-14"), spoken_day("2026-03-14", language="es"), spoken_day("2026-03-14", language="zh")
    ('Saturday, 14 March 2026', 'sábado, 14 de marzo de 2026', '2026年3月14日，星期六')
    """
    try:
        day = datetime.fromisoformat(iso).date() if iso else (today or date.today())
    except ValueError:
        day = today or date.today()
    words = WORDING[language]
    month = words.months[day.month - 1] if words.months else ""
    return words.day.format(weekday=words.weekdays[day.weekday()], d=day.day, month=month, m=day.month, year=day.year)


def _joined(names: list[str], and_: str, language: str) -> str:
    """Guests' names joined the language's way ("A and B"; Chinese and Japanese without spaces).

    >>> _joined(["Ana", "Luis"], "y", "es"), _joined(["王明", "李强"], "和", "zh"), _joined(["A", "B", "C"], "and", "en")
    ('Ana y Luis', '王明和李强', 'A, B and C')
    """
    unspaced = language in ("zh", "ja")
    space, comma = ("", "、") if unspaced else (" ", ", ")
    return names[0] if len(names) == 1 else comma.join(names[:-1]) + f"{space}{and_}{space}" + names[-1]


def signpost(script: Script, show: Show, today: date | None = None) -> Script:
    """Add the intro, the interview transition and the outro the show config asks for, in the
    article's language (none for a language :data:`WORDING` lacks), or in the show's own wording
    (``intro_text``, ``outro_text``: any language). ``today``: the episode's date
    when it is decided (``--pubdate``, or the date it was first published), which the intro says
    instead of the article's; the feed's date is the same."""
    language = (script.language or "en").split("-")[0].lower()
    prod = show.production
    words = WORDING.get(language)
    if words is None and not (prod.intro_text or prod.outro_text):
        return script
    segments = list(script.segments)
    first_turn = next((i for i, s in enumerate(segments) if s.kind == "turn"), None)
    interviewer = next((n for n, r in script.speakers if r == "interviewer"), None)
    guests = [n for n, r in script.speakers if r != "interviewer"]
    if words and prod.transitions and first_turn is not None and interviewer and guests:
        text = words.transition.format(interviewer=interviewer, guests=_joined(guests, words.and_, language))
        segments.insert(first_turn, Segment(kind="transition", text=text, section=segments[first_turn].section))
    # the episode's date once decided (--pubdate, or its first publication), else the article's
    day = spoken_day(None if today else script.meta.date or None, today, language if words else "en")
    title = script.title.rstrip(".!?。！？।")
    fields = {"show": show.title, "date": day, "title": title}
    intro = prod.intro_text.format(**fields) if prod.intro_text else words.intro.format(show=show.title, day=day) if words else ""
    outro = prod.outro_text.format(**fields) if prod.outro_text else words.outro.format(title=title, show=show.title) if words else ""
    if prod.intro and intro:
        segments.insert(0, Segment(kind="intro", text=intro))
    if prod.outro and outro:
        segments.append(Segment(kind="outro", text=outro, section=segments[-1].section))
    return script.with_(segments=tuple(segments))
