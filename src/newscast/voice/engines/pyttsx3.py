"""pyttsx3 — the default facade: SAPI5 on Windows, NSSpeech on macOS, espeak-ng on Linux.

On Linux, espeak-ng comes from the system when it has libespeak-ng, else from
the ``espeakng-loader`` wheel: its library is preloaded (RTLD_LOCAL: found by soname) before
pyttsx3 imports its driver, which then finds it by soname, and its data path is
exported as ESPEAK_DATA_PATH. Nothing needs sudo.

On Linux, pyttsx3 2.99's espeak driver is unreliable, and not only because it
sometimes returns from ``runAndWait`` without writing its file: it runs
espeak-ng asynchronously (AUDIO_OUTPUT_RETRIEVAL), and in that mode a rate or
pitch set for one utterance is often applied to the next one (measured on the
sample: 11 of 88 sentences spoken at the previous voice's rate, one as empty
audio, durations off by up to 8%; the same sequence through espeak-ng in
synchronous mode was identical run after run). So the facade stays pyttsx3's
(``pyttsx3.init``, voices, ``setProperty``, ``save_to_file``, ``runAndWait``,
its ctypes binding), but its espeak driver is built as
:class:`SynchronousEspeakDriver`, which initialises espeak-ng in synchronous
mode and finishes each utterance when ``espeak_Synth`` returns.
:mod:`newscast.voice.speak` still verifies and retries every clip.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import functools
import io
import os
import platform
import tempfile
import time
import wave
from typing import Any, ClassVar

from . import Engine, package_version
from ...core.errors import SynthesisError
from ...core.models import VoiceProfile
from ...core.words import nearest

_espeak_source = ""


def prepare_espeak() -> str:
    """Make libespeak-ng loadable by pyttsx3; return where it comes from.

    By default the library and voice data shipped in the ``espeakng-loader``
    wheel are used, so every machine speaks with the same espeak-ng;
    ``NEWSCAST_ESPEAK=system`` (or a missing wheel) uses the system's.
    """
    global _espeak_source
    if _espeak_source or platform.system() != "Linux":
        return _espeak_source or "platform driver"
    try:
        if os.environ.get("NEWSCAST_ESPEAK") == "system":
            raise ImportError
        import espeakng_loader
    except ImportError:
        if ctypes.util.find_library("espeak-ng"):
            _espeak_source = "system libespeak-ng"
            return _espeak_source
        raise SynthesisError("espeak-ng not found; run: pip install espeakng-loader (or install espeak-ng)") from None
    lib = espeakng_loader.get_library_path()
    ctypes.CDLL(lib)  # RTLD_LOCAL: found by soname, but its symbols do not interpose on other copies (piper's)
    os.environ["ESPEAK_DATA_PATH"] = espeakng_loader.get_data_path()
    _espeak_source = f"espeakng-loader {package_version('espeakng-loader')}"
    return _espeak_source


_sample_rate = 0


def initialise_synchronous_espeak() -> int:
    """Initialise libespeak-ng once per process, in synchronous mode; return its sample rate.

    Shared by the pyttsx3 engine's driver and the direct espeak engine (espeak-ng
    may only be initialised once, and pyttsx3's driver skips its own
    initialisation once ``_moduleInitialized`` is set).
    """
    global _sample_rate
    from pyttsx3.drivers import _espeak, espeak

    if not espeak.EspeakDriver._moduleInitialized:
        rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 1000)
        if rate == -1:
            raise SynthesisError("espeak-ng could not be initialised; check the espeak-ng install (or espeakng-loader)")
        current = _espeak.GetCurrentVoice()
        name = current.contents.name if current else None
        espeak.EspeakDriver._defaultVoice = name.decode("utf-8") if name else "gmw/en"
        espeak.EspeakDriver._moduleInitialized = True
        _sample_rate = rate
    return _sample_rate or 22050


#: The file name that asks the synchronous driver to keep an utterance in memory.
IN_MEMORY = "<newscast: in memory>"


def _install_synchronous_driver() -> None:
    """Make ``pyttsx3.init("espeak")`` build a :class:`SynchronousEspeakDriver`."""
    from pyttsx3.drivers import _espeak, espeak

    if getattr(espeak, "_newscast_synchronous", False):
        return

    class SynchronousEspeakDriver(espeak.EspeakDriver):
        """pyttsx3's espeak driver with espeak-ng in synchronous mode.

        In AUDIO_OUTPUT_SYNCHRONOUS mode ``espeak_Synth`` runs synthesis and
        every callback before it returns, parameters apply in order, and no
        MSG_TERMINATED event is sent: the utterance is finished (file written,
        loop ended) right after ``espeak_Synth``. Audio in the last callback is
        kept (the stock driver drops a callback's samples when the end event
        shares it).
        """

        sample_rate = 22050

        def __init__(self, proxy: Any) -> None:
            SynchronousEspeakDriver.sample_rate = initialise_synchronous_espeak()
            super().__init__(proxy)

        def startLoop(self) -> None:
            """The stock loop sleeps 10 ms after every pass, even when the utterance is done
            (half of all pyttsx3 time on the sample); here it sleeps only while still looping."""
            first = True
            self._looping = True
            while self._looping:
                if first:
                    self._proxy.setBusy(False)
                    first = False
                    if self._text_to_say:
                        self._start_synthesis(self._text_to_say)
                self.iterate()
                if self._looping:
                    time.sleep(0.01)

        def _onSynth(self, wav: Any, numsamples: int, events: Any) -> int:
            if self._speaking and numsamples > 0:
                self._data_buffer += ctypes.string_at(wav, numsamples * ctypes.sizeof(ctypes.c_short))
            return 0

        def _start_synthesis(self, text: str) -> None:
            self._proxy.setBusy(True)
            self._proxy.notify("started-utterance")
            self._speaking = True
            self._data_buffer = b""
            try:
                _espeak.Synth(str(text).encode("utf-8"), flags=_espeak.ENDPAUSE | _espeak.CHARS_UTF8)
                if self._save_file == IN_MEMORY:
                    self.captured = self._data_buffer
                elif self._save_file:
                    with wave.open(self._save_file, "wb") as f:
                        f.setnchannels(1)
                        f.setsampwidth(2)
                        f.setframerate(self.sample_rate)
                        f.writeframes(self._data_buffer)
            finally:
                self._data_buffer = b""
                self._speaking = False
                self._proxy.notify("finished-utterance", completed=True)
                self._proxy.setBusy(False)
                self.endLoop()

    espeak.buildDriver = SynchronousEspeakDriver
    espeak._newscast_synchronous = True


@functools.lru_cache(maxsize=1)
def data_voices() -> tuple[frozenset[str], frozenset[str]] | None:
    """espeak-ng's voice identifiers ("gmw/en-us") and variants ("f3", "klatt") as its data folder
    holds them, read from the files without loading the library; None when the folder is not
    found (a system espeak-ng elsewhere, another platform)."""
    from pathlib import Path

    try:
        if os.environ.get("NEWSCAST_ESPEAK") == "system":
            raise ImportError
        import espeakng_loader

        data = Path(espeakng_loader.get_data_path())
    except ImportError:
        data = Path(os.environ.get("ESPEAK_DATA_PATH", "/usr/lib/x86_64-linux-gnu/espeak-ng-data"))
    if not (data / "lang").is_dir():
        return None
    ids = {str(f.relative_to(data / "lang")).lower() for f in (data / "lang").rglob("*") if f.is_file()}
    variants = {f.name.lower() for f in (data / "voices" / "!v").glob("*")} if (data / "voices" / "!v").is_dir() else set()
    return frozenset(ids), frozenset(variants)


def espeak_voice_problem(voice: str) -> str:
    """Why an espeak-ng voice name ("gmw/en-us+f3") names no installed voice or variant, with the
    nearest ("" when it does, or when the data folder cannot be read).

    >>> espeak_voice_problem("gmw/en-us+f4"), espeak_voice_problem("gmw/en-uss")
    ('', "espeak-ng has no voice 'gmw/en-uss'; did you mean 'gmw/en-us'? (see `newscast voices`)")
    """
    found = data_voices()
    if found is None:
        return ""
    ids, variants = found
    base, _, variant = voice.lower().partition("+")
    if not voice_installed(base, ids):
        return f"espeak-ng has no voice '{base}'{nearest(base, sorted(ids))} (see `newscast voices`)"
    if variant and variants and variant not in variants:
        hint = nearest(variant, sorted(variants), "'+{}'")
        return f"espeak-ng has no variant '+{variant}'{hint}"
    return ""


def voice_installed(voice: str, installed: set[str] | frozenset[str]) -> bool:
    """Whether an espeak-ng voice name (with or without its language-family
    prefix, with or without a ``+variant``) is among the installed identifiers.

    >>> ids = {"gmw/en-us", "gmw/de"}
    >>> voice_installed("gmw/en-us+f3", ids), voice_installed("de", ids), voice_installed("gmw/xx", ids)
    (True, True, False)
    """
    base = voice.lower().split("+")[0]
    return base in installed or any(v.endswith("/" + base) for v in installed)


class Pyttsx3Engine(Engine):
    name: ClassVar[str] = "pyttsx3"
    capabilities: ClassVar[frozenset[str]] = frozenset({"offline", "real-voice", "rate", "pitch", "volume"})

    @classmethod
    def voice_problem(cls, voice: str) -> str:
        return espeak_voice_problem(voice) if platform.system() == "Linux" else ""

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        try:
            source = prepare_espeak()
            import pyttsx3  # noqa: F401
        except (SynthesisError, ImportError, OSError) as exc:
            return False, str(exc)
        return True, f"pyttsx3 over {source}"

    def __init__(self) -> None:
        prepare_espeak()
        import pyttsx3

        if platform.system() == "Linux":
            _install_synchronous_driver()
        try:
            self._engine: Any = pyttsx3.init("espeak" if platform.system() == "Linux" else None)
        except Exception as exc:  # noqa: BLE001 - foreign failure at the module edge
            raise SynthesisError(f"pyttsx3 could not start its driver ({exc}); install espeak-ng or espeakng-loader") from None
        self._tmp = ""  # made on first use: only other platforms write clips to files
        atexit.register(self._close)  # before interpreter teardown, when pyttsx3's __del__ would fail noisily
        self._voice_ids = {v.id.lower() for v in self._engine.getProperty("voices")}

    @classmethod
    def cache_version(cls) -> str:
        return f"pyttsx3 {package_version('pyttsx3')}; {prepare_espeak()}"

    def _close(self) -> None:
        with contextlib.suppress(Exception):
            self._engine = None
            import gc

            gc.collect()
        if self._tmp:
            with contextlib.suppress(OSError):
                os.rmdir(self._tmp)

    def _say(self, text: str) -> tuple[bytes, int]:
        if platform.system() == "Linux":  # another engine may have taken espeak-ng's callback
            from pyttsx3.drivers import _espeak

            _espeak.SetSynthCallback(self._engine.proxy._driver._onSynth)
            # the synchronous driver keeps the utterance for us: no file written, read and removed
            self._engine.proxy._driver.captured = b""
            with contextlib.redirect_stdout(io.StringIO()):
                self._engine.save_to_file(text, IN_MEMORY)
                self._engine.runAndWait()
            return self._engine.proxy._driver.captured, self._engine.proxy._driver.sample_rate
        # a unique name: worker processes forked from one parent share its temp folder
        if not self._tmp:
            self._tmp = tempfile.mkdtemp(prefix="newscast-pyttsx3-")
        fd, path = tempfile.mkstemp(dir=self._tmp, prefix=f"clip{os.getpid()}-", suffix=".wav")
        os.close(fd)
        with contextlib.redirect_stdout(io.StringIO()):  # the driver prints "Audio saved to …"
            self._engine.save_to_file(text, path)
            self._engine.runAndWait()
        if not os.path.exists(path) or not os.path.getsize(path):
            with contextlib.suppress(OSError):
                os.remove(path)
            return b"", 0
        try:
            with wave.open(path, "rb") as w:
                data, rate = w.readframes(w.getnframes()), w.getframerate()
        except (wave.Error, EOFError):
            data, rate = b"", 0
        os.remove(path)
        return data, rate

    def _set_voice(self, profile: VoiceProfile) -> None:
        if self._voice_ids and not voice_installed(profile.voice, self._voice_ids):
            raise SynthesisError(f"voice profile '{profile.id}': engine voice '{profile.voice}' is not installed; see `newscast voices`")
        self._engine.setProperty("voice", profile.voice)
        self._engine.setProperty("rate", profile.rate)
        self._engine.setProperty("volume", profile.volume)
        with contextlib.suppress(KeyError, ValueError):
            self._engine.setProperty("pitch", profile.pitch)

    def synthesize(self, text: str, profile: VoiceProfile) -> tuple[bytes, int]:
        self._set_voice(profile)
        return self._say(text)
