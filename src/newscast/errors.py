"""One error hierarchy. Every message says what failed and how to fix it.

The CLI prints ``Error: <message>`` for any :class:`NewscastError` and exits 1;
foreign exceptions are wrapped at the edge of the module that meets them.
"""

from __future__ import annotations


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
