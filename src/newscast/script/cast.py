"""cast: give every segment a voice profile id, from the casting in voices/.

Pure. Narration (title, headings, paragraphs, bullets, quotes) is read by the
narrator; a speaker's segments (turns, and lists inside answers) by the
speaker's override if one is cast, else by the speaker's role. An English
article is cast from the neural casting (``[kokoro]``) when that engine is
available, an article in Spanish, French, Italian, Portuguese or Hindi from
that language's (``[kokoro.es]``, …) when its voices are installed. For an
article in another language the voice id gets ``@lang`` ("expert@de"):
:meth:`newscast.settings.voices.Voices.get` gives that profile in the article's language.
"""

from __future__ import annotations

import hashlib

from ..settings.voices import Casting
from ..core.models import Script


def cast(script: Script, casting: Casting) -> Script:
    """Set ``voice`` on every segment.

    >>> from ..core.models import Segment
    >>> c = Casting(roles=(("narrator", "n"), ("interviewer", "i"), ("expert", "e"), ("guest", "g")),
    ...             speakers=(("Ann", "x"),))
    >>> s = Script(title="t", source="-", segments=(Segment("paragraph", "p"),
    ...     Segment("turn", "q?", speaker="Bob", role="interviewer"), Segment("turn", "a", speaker="Ann", role="expert")))
    >>> [seg.voice for seg in cast(s, c).segments]
    ['n', 'i', 'x']
    """
    lang = script.language
    own = dict(casting.languages).get(lang or "")
    suffix = f"@{lang}" if lang and lang != "en" and own is None else ""  # voices.get derives a voice of that language
    if casting.neural is not None and (lang or "en").startswith("en"):
        casting = casting.neural  # natural voices for English when their engine is here
    elif own is not None:
        casting = own  # that language's natural voices, when they are here
    roles = dict(casting.roles)
    speakers = dict(casting.speakers)
    speakers.update(guest_voices(script, casting, speakers))
    segments = tuple(
        s.with_(voice=(speakers.get(s.speaker) or roles[s.role] if s.role != "narrator" else roles["narrator"]) + suffix)
        for s in script.segments
    )
    return script.with_(segments=segments)


def guest_voices(script: Script, casting: Casting, taken: dict[str, str]) -> dict[str, str]:
    """A voice for each guest, from the guest pool (``guests`` in casting.toml).

    A guest's voice follows from a hash of the name, so the same person gets
    the same voice in every episode; two guests of one episode who would
    share one get the next free voice (in order of appearance).

    >>> c = Casting(roles=(("narrator", "n"), ("interviewer", "i"), ("expert", "e"), ("guest", "g")), guests=("g", "g2", "g3"))
    >>> from ..core.models import Segment
    >>> s = Script(title="t", source="-", segments=tuple(Segment("turn", "x", speaker=n, role="guest") for n in ("Ann", "Bo", "Cy")))
    >>> v = guest_voices(s, c, {})
    >>> len(set(v.values())) == 3 and v == guest_voices(s, c, {})
    True
    """
    pool = list(casting.guests) or [dict(casting.roles)["guest"]]
    chosen: dict[str, str] = {}
    for seg in script.segments:
        name = seg.speaker
        if seg.role != "guest" or name in taken or name in chosen:
            continue
        start = int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % len(pool)
        free = [pool[(start + k) % len(pool)] for k in range(len(pool))]
        chosen[name] = next((v for v in free if v not in chosen.values()), free[0])
    return chosen
