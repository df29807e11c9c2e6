"""The voices folder (``voices/*.toml`` profiles, ``casting.toml``, ``lexicon.toml``).

Loading is I/O; everything returned is a frozen dataclass. Malformed files give
a :class:`ConfigError` naming the file, the field and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError
from ..core.words import nearest
from .toml import read_toml, typed_fields
from ..voice.cjk import FRONT_ENDS
from ..voice.ipa import LANGUAGES as IPA_LANGUAGES
from ..core.models import ROLES, VoiceProfile
CASTING_NAME = "casting.toml"
LEXICON_NAME = "lexicon.toml"
#: The repository's voices/ (present in a source checkout or an editable install).
#: The bundled voice profiles and casting: the repository's voices/ folder, shipped inside the
#: package (src/newscast/voices links to it, and a wheel holds the files), so an installed newscast
#: has them outside a checkout too.
BUNDLED_VOICES = Path(__file__).resolve().parent.parent / "voices" if (Path(__file__).parent.parent / "voices").is_dir() \
    else Path(__file__).resolve().parents[3] / "voices"


@dataclass(frozen=True)
class Casting:
    """Which voice profile reads which role or speaker."""

    roles: tuple[tuple[str, str], ...]
    """(role, voice id) pairs; every role in ROLES is present."""
    speakers: tuple[tuple[str, str], ...] = ()
    """(speaker name, voice id) overrides."""
    guests: tuple[str, ...] = ()
    """Voice ids guests are given from (by a hash of their name), when there are several."""
    neural: "Casting | None" = None
    """The casting English articles get when its engine (Kokoro) is available here (``[kokoro]``
    in casting.toml); None when it is not, or when another engine is forced."""
    neural_missing: str = ""
    """Why the ``[kokoro]`` casting is not used ("" when it is, or when there is none)."""
    languages: "tuple[tuple[str, Casting], ...]" = ()
    """(language, casting) for articles in other languages whose neural voices are usable here
    (``[kokoro.es]``, ``[kokoro.fr]``, … in casting.toml)."""
    languages_missing: tuple[tuple[str, str], ...] = ()
    """(language, why) for those that are configured but not usable here."""


@dataclass(frozen=True)
class Voices:
    """Every voice profile found, plus the casting."""

    folder: Path
    profiles: tuple[VoiceProfile, ...]
    casting: Casting
    lexicon: tuple[tuple[str, str], ...] = ()
    """(word or phrase, respelling) pairs from lexicon.toml, applied after normalization."""

    def for_engine(self, engine: str | None) -> "Voices":
        """These voices when ``engine`` is forced: the neural casting only for its own engine."""
        if engine is None or engine == NEURAL_ENGINE or (self.casting.neural is None and not self.casting.languages):
            return self
        return replace(self, casting=replace(self.casting, neural=None, neural_missing="", languages=(),
                                             languages_missing=()))

    def get(self, voice_id: str) -> VoiceProfile:
        base, _, lang = voice_id.partition("@")
        if lang:
            return in_language(self.get(base), lang)
        for p in self.profiles:
            if p.id == voice_id:
                return p
        known = ", ".join(p.id for p in self.profiles)
        raise ConfigError(f"voice profile '{voice_id}' not found in {self.folder} (known: {known})")


#: espeak-ng voice per language, for speaking an article in its own language.
ESPEAK_LANGUAGES = {"de": "gmw/de", "es": "roa/es", "pt": "roa/pt", "fr": "roa/fr", "it": "roa/it", "nl": "gmw/nl",
                    "ru": "zle/ru", "pl": "zlw/pl", "tr": "trk/tr", "sv": "gmq/sv", "da": "gmq/da", "no": "gmq/nb",
                    "fi": "urj/fi", "cs": "zlw/cs", "el": "grk/el", "ja": "jpx/ja", "zh": "sit/cmn", "ko": "ko",
                    "ar": "sem/ar", "hi": "inc/hi", "uk": "zle/uk", "hu": "urj/hu", "ro": "roa/ro"}


def in_language(profile: VoiceProfile, lang: str) -> VoiceProfile:
    """The profile speaking ``lang``: same variant, pitch and rate, that language's espeak-ng voice.

    A profile already in that language, or one whose engine has no voice for
    it (Piper's bundled voice is English), is returned as it is.
    """
    if profile.language.lower().split("-")[0] == lang or profile.engine not in ("pyttsx3", "espeak"):
        return profile
    voice = ESPEAK_LANGUAGES.get(lang)
    if voice is None:
        return profile
    variant = profile.voice.partition("+")[2]
    return replace(profile, id=f"{profile.id}@{lang}", voice=voice + (f"+{variant}" if variant else ""), language=lang)


def voices_folder(folder: Path | None) -> Path:
    """The voices folder: the one given, else ``./voices``, else the bundled one."""
    if folder is not None:
        if not folder.is_dir():
            raise ConfigError(f"voices folder {folder} not found; pass an existing folder to --voices")
        return folder
    for candidate in (Path("voices"), BUNDLED_VOICES):
        if (candidate / CASTING_NAME).is_file() or (candidate != BUNDLED_VOICES and any(candidate.glob("*.toml"))):
            return candidate
    raise ConfigError("no voices/ folder with casting.toml found; pass one with --voices DIR")


def _check_engine_voice(path: Path, profile: VoiceProfile) -> None:
    """The profile's engine exists and has the voice it names (a misspelt Kokoro voice would
    otherwise become a stock voice without a word)."""
    from ..voice.engines import engine_class, unknown_engine

    if unknown_engine(profile.engine):
        raise ConfigError(f"{path}: unknown engine '{profile.engine}'{unknown_engine(profile.engine)}")
    problem = engine_class(profile.engine).voice_problem(profile.voice)
    if problem:
        raise ConfigError(f"{path}: {problem}")


def load_profile(path: Path) -> VoiceProfile:
    data = read_toml(path)
    kwargs = typed_fields(path, VoiceProfile, data, skip=("id",))
    for required in ("engine", "voice"):
        if required not in kwargs:
            raise ConfigError(f"{path}: missing field '{required}'")
    if kwargs.get("model") and not Path(kwargs["model"]).is_absolute():
        kwargs["model"] = str((path.parent / kwargs["model"]).resolve())  # relative to the voices folder
    profile = VoiceProfile(id=path.stem, **kwargs)
    if not 80 <= profile.rate <= 450:
        raise ConfigError(f"{path}: rate {profile.rate} is outside 80-450 words per minute")
    if not 0 <= profile.pitch <= 100:
        raise ConfigError(f"{path}: pitch {profile.pitch} is outside 0-100")
    if not 0.0 <= profile.volume <= 1.0:
        raise ConfigError(f"{path}: volume {profile.volume} is outside 0.0-1.0")
    _check_engine_voice(path, profile)
    return profile


def load_voices(folder: Path | None = None) -> Voices:
    """Load every ``*.toml`` profile and ``casting.toml`` from the voices folder. A folder without
    a ``casting.toml`` (a show's own ``voices/`` with a lexicon, a profile or two) is layered over
    the bundled voices: its profiles replace or join theirs, its lexicon's entries theirs."""
    folder = voices_folder(folder)
    layers = [folder] if (folder / CASTING_NAME).is_file() else [BUNDLED_VOICES, folder]
    found = {p.stem: load_profile(p) for layer in layers for p in sorted(layer.glob("*.toml"))
             if p.name not in (CASTING_NAME, LEXICON_NAME)}
    profiles = tuple(found[k] for k in sorted(found))
    if not profiles:
        raise ConfigError(f"{folder}: no voice profiles (*.toml) found")
    casting_path = layers[0] / CASTING_NAME
    data = read_toml(casting_path) if casting_path.is_file() else {}
    lexicon, phonemes = _layered_lexicon(layers)
    profiles = tuple(replace(p, phonemes=phonemes.get(p.engine, ())) if phonemes.get(p.engine) else p
                     for p in profiles)
    ids = {p.id for p in profiles}
    for key in data:
        if key not in CASTING_KEYS:
            raise ConfigError(f"{casting_path}: unknown entry '{key}'{nearest(key, CASTING_KEYS)} "
                              f"(allowed: {', '.join(CASTING_KEYS)})")
    casting = _casting(data, casting_path, ids, profiles[0].id)
    neural = data.get(NEURAL_ENGINE)
    if neural is not None:
        if not isinstance(neural, dict):
            raise ConfigError(f"{casting_path}: [{NEURAL_ENGINE}] must be a table with roles and guests")
        casting = _neural(neural, casting, casting_path, ids)
    return Voices(folder=folder, profiles=profiles, casting=casting, lexicon=lexicon)


#: Article languages that may have a neural casting of their own (``[kokoro.es]``, …): the ones
#: Kokoro reads from espeak-ng's phonemes, and Chinese and Japanese (from their front ends).
NEURAL_LANGUAGES = (*IPA_LANGUAGES, *FRONT_ENDS)


def _neural(data: dict[str, Any], casting: Casting, path: Path, ids: set[str]) -> Casting:
    """``[kokoro]``: the English casting, and one per language in its sub-tables, each used only
    where the engine (and that language's voices) are installed."""
    from ..voice.engines import engine_class

    own = {k: v for k, v in data.items() if k not in NEURAL_LANGUAGES}
    preferred = _casting(own, path, ids, dict(casting.roles)["narrator"], f"{NEURAL_ENGINE}.")
    engine = engine_class(NEURAL_ENGINE)
    usable, why = engine.availability()
    languages, missing = [], []
    for lang in NEURAL_LANGUAGES:
        if lang not in data:
            continue
        if not isinstance(data[lang], dict):
            raise ConfigError(f"{path}: [{NEURAL_ENGINE}.{lang}] must be a table with roles and guests")
        table = _casting(data[lang], path, ids, dict(preferred.roles)["narrator"], f"{NEURAL_ENGINE}.{lang}.")
        problem = why if not usable else engine.language_problem(lang)
        if problem:
            missing.append((lang, problem))
        else:
            languages.append((lang, table))
    return replace(casting, neural=preferred if usable else None, neural_missing="" if usable else why,
                   languages=tuple(languages), languages_missing=tuple(missing))


#: What casting.toml may hold.
CASTING_KEYS = ("guests", "roles", "speakers", "kokoro")
#: The engine whose casting (``[kokoro]`` in casting.toml) English articles get when it is available.
NEURAL_ENGINE = "kokoro"


def _casting(data: dict[str, Any], path: Path, ids: set[str], default: str, prefix: str = "") -> Casting:
    for key in data:
        if prefix and key not in ("guests", "roles", "speakers"):
            raise ConfigError(f"{path}: unknown entry '{prefix}{key}' (allowed: guests, roles, speakers)")
    roles = data.get("roles", {})
    speakers = data.get("speakers", {})
    guests = data.get("guests", [])
    if not isinstance(guests, list) or not all(isinstance(g, str) for g in guests):
        raise ConfigError(f"{path}: {prefix}guests must be a list of voice ids, like guests = [\"guest\", \"guest2\"]")
    if not isinstance(roles, dict) or not isinstance(speakers, dict):
        raise ConfigError(f"{path}: [{prefix}roles] and [{prefix}speakers] must be tables")
    for role in roles:
        if role not in ROLES:
            raise ConfigError(f"{path}: unknown role '{prefix}{role}' (allowed: {', '.join(ROLES)})")
    role_map = {role: roles.get(role, roles.get("narrator", default)) for role in ROLES}
    for name, vid in (*role_map.items(), *speakers.items(), *(("guests", g) for g in guests)):
        if not isinstance(vid, str) or vid not in ids:
            raise ConfigError(
                f"{path}: '{prefix}{name}' is cast as voice {vid!r}, which has no profile "
                f"(known: {', '.join(sorted(ids))})"
            )
    return Casting(roles=tuple((r, str(v)) for r, v in role_map.items()), speakers=tuple(speakers.items()), guests=tuple(guests))


def _layered_lexicon(layers: list[Path]) -> tuple[tuple[tuple[str, str], ...], dict[str, tuple[tuple[str, str], ...]]]:
    """The lexicons of the layers, a later one's entries over an earlier one's."""
    respell: dict[str, str] = {}
    phonemes: dict[str, dict[str, str]] = {}
    for layer in layers:
        words, engines = load_lexicon(layer / LEXICON_NAME)
        respell.update(words)
        for engine, pairs in engines.items():
            phonemes.setdefault(engine, {}).update(pairs)
    return tuple(respell.items()), {engine: tuple(pairs.items()) for engine, pairs in phonemes.items()}


def load_lexicon(path: Path) -> tuple[tuple[tuple[str, str], ...], dict[str, tuple[tuple[str, str], ...]]]:
    """The show's pronunciation lexicon (empty when the file is absent): (respellings, phonemes per engine).

    An entry is a respelling (``"Kyiv" = "Keev"``) or a table that may add phonemes for a neural
    engine (``"Kyiv" = { respell = "Keev", kokoro = "kˈiːv" }``; slashes around them are optional).
    Phonemes are keyed by the word as it is spoken: the respelling when there is one.
    """
    if not path.is_file():
        return (), {}
    table = read_toml(path).get("respell", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [respell] must be a table of \"word\" = \"respelling\"")
    respell: list[tuple[str, str]] = []
    phonemes: dict[str, list[tuple[str, str]]] = {}
    for key, value in table.items():
        entry = value if isinstance(value, dict) else {"respell": value}
        unknown = set(entry) - {"respell", NEURAL_ENGINE}
        if not key.strip() or unknown or not entry or not all(isinstance(v, str) and v.strip() and v.isprintable()
                                                              and not re.search(r"[<>\[\]()]", v)
                                                              for v in entry.values()):
            raise ConfigError(f"{path}: '{key}' must map to a non-empty respelling string or a table like "
                              f"{{ respell = \"Keev\", {NEURAL_ENGINE} = \"kˈiːv\" }}, got {value!r}")
        if "respell" in entry:
            respell.append((key, str(entry["respell"])))
        if NEURAL_ENGINE in entry:
            phonemes.setdefault(NEURAL_ENGINE, []).append((str(entry.get("respell", key)), entry[NEURAL_ENGINE].strip("/ ")))
    return tuple(respell), {engine: tuple(pairs) for engine, pairs in phonemes.items()}
