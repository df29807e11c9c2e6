"""cast: give every segment a voice profile id, from the casting in voices/.

Pure. Narration (title, headings, paragraphs, bullets, quotes) is read by the
narrator; a speaker's segments (turns, and lists inside answers) by the
speaker's override if one is cast, else by the speaker's role. For an article
in another language than English the voice id gets ``@lang`` ("expert@de"):
:meth:`newscast.config.Voices.get` gives that profile in the article's language.
"""

from __future__ import annotations

from .config import Casting
from .models import Script


def cast(script: Script, casting: Casting) -> Script:
    """Set ``voice`` on every segment.

    >>> from .models import Segment
    >>> c = Casting(roles=(("narrator", "n"), ("interviewer", "i"), ("expert", "e"), ("guest", "g")),
    ...             speakers=(("Ann", "x"),))
    >>> s = Script(title="t", source="-", segments=(Segment("paragraph", "p"),
    ...     Segment("turn", "q?", speaker="Bob", role="interviewer"), Segment("turn", "a", speaker="Ann", role="expert")))
    >>> [seg.voice for seg in cast(s, c).segments]
    ['n', 'i', 'x']
    """
    roles = dict(casting.roles)
    speakers = dict(casting.speakers)
    lang = script.language
    suffix = f"@{lang}" if lang and lang != "en" else ""  # voices.get derives a voice of that language
    segments = tuple(
        s.with_(voice=(speakers.get(s.speaker) or roles[s.role] if s.role != "narrator" else roles["narrator"]) + suffix)
        for s in script.segments
    )
    return script.with_(segments=segments)
