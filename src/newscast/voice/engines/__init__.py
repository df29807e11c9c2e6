"""TTS engines behind one small base class, with a registry and capability flags.

Optional engines are imported lazily: :func:`get_engine` imports the module of
the engine asked for and nothing else, so a missing optional dependency only
matters to the producer who asks for that engine.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from typing import ClassVar

from ...core.errors import SynthesisError
from ...core.models import VoiceProfile
from ...core.words import nearest

#: engine name -> "module:Class" (relative to this package).
REGISTRY: dict[str, str] = {
    "pyttsx3": "pyttsx3:Pyttsx3Engine",
    "espeak": "espeak:EspeakEngine",
    "piper": "piper:PiperEngine",
    "kokoro": "kokoro:KokoroEngine",
    "silent": "silent:SilentEngine",
}


class Engine(ABC):
    """Speaks one short text with one voice profile into mono 16-bit PCM."""

    name: ClassVar[str]
    #: What the engine can do, e.g. {"offline", "real-voice", "pitch", "rate"}.
    capabilities: ClassVar[frozenset[str]] = frozenset()
    #: True when a clip does not depend on what the engine spoke before (no state between calls):
    #: its clips may be spoken in one long-lived process instead of a fresh fork per chunk.
    stateless: ClassVar[bool] = False

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        """(usable here, why or why not) — must not raise."""
        return True, "built in"

    @classmethod
    def cache_version(cls) -> str:
        """Engine and voice-data version, without starting the engine; part of every clip's cache key."""
        return "1"

    @classmethod
    def language_problem(cls, language: str) -> str:
        """Why this engine's own voices for ``language`` cannot be used here ("" when they can); asked
        only once :meth:`availability` said the engine itself is usable."""
        return f"the {cls.name} engine has no voices of its own for '{language}'"

    @classmethod
    def voice_problem(cls, voice: str) -> str:
        """Why ``voice`` names none of this engine's voices ("" when it does, or when the engine
        cannot tell without starting): checked when a profile is loaded, with a "did you mean"."""
        return ""

    @classmethod
    def voice_version(cls, profile: VoiceProfile) -> str:
        """What else one voice's clips depend on (e.g. the phonemizer of its language), "" for nothing:
        added to that voice's clip cache keys only, so other voices' clips keep theirs."""
        return ""

    @property
    def version(self) -> str:
        return self.cache_version()

    def prepare(self, workers: int) -> None:
        """Told, before speaking starts, how many worker processes will speak at once."""

    @abstractmethod
    def synthesize(self, text: str, profile: VoiceProfile) -> tuple[bytes, int]:
        """Return (PCM samples, sample rate) for ``text`` spoken by ``profile``."""


def package_version(name: str) -> str:
    """An installed distribution's version, or "?" when it is not installed (part of cache keys)."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


_instances: dict[str, Engine] = {}


def unknown_engine(name: str) -> str:
    """"" for an engine newscast has, else what to say after its name: the nearest one and the
    known ones (a profile, ``--engine`` and :func:`engine_class` word it alike).

    >>> unknown_engine("kokoro"), unknown_engine("kokro")
    ('', "; did you mean 'kokoro'? (known: espeak, kokoro, piper, pyttsx3, silent)")
    """
    return "" if name in REGISTRY else f"{nearest(name, REGISTRY)} (known: {', '.join(sorted(REGISTRY))})"


def engine_class(name: str) -> type[Engine]:
    if name not in REGISTRY:
        raise SynthesisError(f"unknown engine '{name}'{unknown_engine(name)}")
    module, cls = REGISTRY[name].split(":")
    return getattr(importlib.import_module(f".{module}", __name__), cls)


def engine_cache_version(name: str) -> str:
    """``name`` and its version, cheaply (no engine is started): what cache keys are made of."""
    return f"{name} {engine_class(name).cache_version()}"


def get_engine(name: str) -> Engine:
    """The (shared, lazily created) engine called ``name``."""
    if name not in _instances:
        cls = engine_class(name)
        ok, why = cls.availability()
        if not ok:
            raise SynthesisError(f"engine '{name}' is not available: {why}")
        _instances[name] = cls()
    return _instances[name]
