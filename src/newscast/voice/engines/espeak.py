"""espeak — espeak-ng called directly (the library, in synchronous mode): the
fast, reliable path on Linux. It uses the ctypes binding pyttsx3 ships for
libespeak-ng and the same library (the espeakng-loader wheel by default), but
none of pyttsx3's engine or driver objects.
"""

from __future__ import annotations

import ctypes
from typing import Any, ClassVar

from . import Engine
from ...core.errors import SynthesisError
from ...core.models import VoiceProfile
from .pyttsx3 import espeak_voice_problem, initialise_synchronous_espeak, prepare_espeak, voice_installed


class EspeakEngine(Engine):
    name: ClassVar[str] = "espeak"
    capabilities: ClassVar[frozenset[str]] = frozenset({"offline", "real-voice", "rate", "pitch", "volume", "languages"})

    @classmethod
    def voice_problem(cls, voice: str) -> str:
        return espeak_voice_problem(voice)

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        try:
            source = prepare_espeak()
            from pyttsx3.drivers import _espeak  # noqa: F401
        except (SynthesisError, ImportError, OSError, RuntimeError) as exc:
            return False, str(exc)
        return True, f"libespeak-ng from {source}"

    def __init__(self) -> None:
        prepare_espeak()
        try:
            from pyttsx3.drivers import _espeak
        except (ImportError, OSError, RuntimeError) as exc:
            raise SynthesisError(f"espeak-ng could not be loaded ({exc}); run: pip install espeakng-loader") from None
        self._rate = initialise_synchronous_espeak()
        self._lib: Any = _espeak
        self._buffer: list[bytes] = []
        self._voices = {v.identifier.decode("utf-8", "replace").lower() for v in _espeak.ListVoices(None)}

    @classmethod
    def cache_version(cls) -> str:
        return f"libespeak-ng; {prepare_espeak()}"  # names the wheel and its version, or "system"

    def _collect(self, wav: Any, numsamples: int, events: Any) -> int:
        if numsamples > 0:
            self._buffer.append(ctypes.string_at(wav, numsamples * 2))
        return 0

    def synthesize(self, text: str, profile: VoiceProfile) -> tuple[bytes, int]:
        if not voice_installed(profile.voice, self._voices):
            raise SynthesisError(f"voice profile '{profile.id}': espeak-ng voice '{profile.voice}' is not installed; see `newscast voices`")
        lib = self._lib
        lib.SetSynthCallback(self._collect)
        lib.SetVoiceByName(profile.voice.encode("utf-8"))
        lib.SetParameter(lib.RATE, int(profile.rate), 0)
        lib.SetParameter(lib.PITCH, int(profile.pitch), 0)
        lib.SetParameter(lib.VOLUME, int(round(profile.volume * 100)), 0)
        self._buffer = []
        lib.Synth(text.encode("utf-8"), flags=lib.ENDPAUSE | lib.CHARS_UTF8)
        return b"".join(self._buffer), self._rate
