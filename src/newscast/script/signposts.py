"""signposts: signposts a listener needs because they cannot see the page — an
intro (show and date), a transition before an interview (who talks with whom,
so no label is read aloud) and an outro. Pure: a Script in, a Script out.
Signposts are English; articles in other languages get none yet.
"""

from __future__ import annotations

from datetime import date, datetime

from ..settings.show import Show
from ..core.models import Script, Segment

#: Signpost texts, filled from the show and the script.
INTRO = "This is {show}, for {day}."
TRANSITION = "Next: {interviewer} talks with {guests}."
OUTRO = "That was {title}. You have been listening to {show}."


def spoken_day(iso: str | None, today: date | None = None) -> str:
    """The article's date (ISO), else today, written the way normalize reads it.

    >>> spoken_day("2026-03-14")
    'Saturday, 14 March 2026'
    """
    try:
        day = datetime.fromisoformat(iso).date() if iso else (today or date.today())
    except ValueError:
        day = today or date.today()
    return f"{day:%A}, {day.day} {day:%B} {day.year}"


def signpost(script: Script, show: Show, today: date | None = None) -> Script:
    """Add the intro, the interview transition and the outro the show config asks for."""
    if (script.language or "en") != "en":
        return script
    prod = show.production
    segments = list(script.segments)
    first_turn = next((i for i, s in enumerate(segments) if s.kind == "turn"), None)
    interviewer = next((n for n, r in script.speakers if r == "interviewer"), None)
    guests = [n for n, r in script.speakers if r != "interviewer"]
    if prod.transitions and first_turn is not None and interviewer and guests:
        text = TRANSITION.format(interviewer=interviewer, guests=" and ".join(guests))
        segments.insert(first_turn, Segment(kind="transition", text=text, section=segments[first_turn].section))
    if prod.intro:
        segments.insert(0, Segment(kind="intro", text=INTRO.format(show=show.title, day=spoken_day(script.meta.date or None, today))))
    if prod.outro:
        segments.append(Segment(kind="outro", text=OUTRO.format(title=script.title.rstrip(".!?"), show=show.title),
                                section=segments[-1].section))
    return script.with_(segments=tuple(segments))
