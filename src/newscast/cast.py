"""cast: give every segment a voice profile id, from the casting in voices/.

Pure. Narration (title, headings, paragraphs, bullets, quotes) is read by the
narrator; a speaker's segments (turns, and lists inside answers) by the
speaker's override if one is cast, else by the speaker's role.
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
    segments = tuple(
        s.with_(voice=speakers.get(s.speaker) or roles[s.role] if s.role != "narrator" else roles["narrator"])
        for s in script.segments
    )
    return script.with_(segments=segments)
