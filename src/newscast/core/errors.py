"""One error hierarchy. Every message says what failed and how to fix it.

The CLI prints ``Error: <message>`` for any :class:`NewscastError` and exits 1;
foreign exceptions are wrapped at the edge of the module that meets them.
"""

from __future__ import annotations

import os

#: Set (to anything but 0) to get the traceback of an unexpected error instead of a one-line message.
DEBUG_VARIABLE = "NEWSCAST_DEBUG"


def debugging() -> bool:
    """Whether ``NEWSCAST_DEBUG`` asks for tracebacks (a bug is re-raised after its ``Error:`` line)."""
    return os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")


class NewscastError(Exception):
    """Base class: a failure the user can act on (the message names the fix)."""


class ConfigError(NewscastError):
    """A show config or voice profile is missing, malformed or inconsistent."""


class IngestError(NewscastError):
    """An input could not be read or decoded, or holds no article text."""


class SynthesisError(NewscastError):
    """The TTS engine is unavailable or failed to speak a sentence."""


class EncodeError(NewscastError):
    """Mastering or MP3 encoding failed (ffmpeg missing or failing)."""


class PublishError(NewscastError):
    """The episode library or the feed could not be read or written."""


class FetchError(IngestError):
    """A web address could not be fetched (the message names it and the cause)."""

    def __init__(self, message: str, retry_after: float | None = None, status: str = "") -> None:
        super().__init__(message)
        self.retry_after = retry_after
        """Seconds the server asked newscast to wait before asking again (429/503 ``Retry-After``)."""
        self.status = status
        """The HTTP answer that asked for it (``HTTP 429 Too Many Requests``)."""


#: Characters a terminal acts on rather than prints: C0 and C1 controls (ESC starts a sequence
#: that can retitle the window, clear the screen or move the cursor), DEL, and bidirectional
#: overrides (they reorder what is shown).
_UNPRINTABLE = {c: " " for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))} | {
    c: None for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


#: The same characters as JSON escapes, for text that must stay exact (json.dumps escapes C0 itself).
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in _UNPRINTABLE if c >= 0x7F}


def json_printable(text: str) -> str:
    r"""JSON text (``ensure_ascii=False``) with DEL, the C1 controls and bidirectional overrides
    escaped, which json.dumps leaves raw: the same characters :func:`printable` replaces.

    >>> json_printable('"a\x9bb\u202e"')
    '"a\\u009bb\\u202e"'
    """
    return text.translate(_JSON_ESCAPES)


def printable(text: str) -> str:
    r"""``text`` as it may reach a terminal or a log: a file name's undecodable bytes (surrogate
    escapes) as U+FFFD, control characters as spaces, bidirectional overrides dropped — a web
    server's reason phrase, a feed's link or a page's title cannot retitle the window, clear the
    screen or print a line of its own.

    >>> printable("caf\udce9.txt")
    'caf�.txt'
    >>> printable("OK\x1b]0;pwned\x07\r\nDone: 3 episodes\u202e")
    'OK ]0;pwned   Done: 3 episodes'
    """
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace").translate(_UNPRINTABLE)
