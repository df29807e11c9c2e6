"""Show config (``newscast.toml``) and voice profiles (``voices/*.toml``).

Loading is I/O; everything returned is a frozen dataclass. Malformed files give
a :class:`ConfigError` naming the file, the field and what is allowed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Iterable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from .errors import ConfigError
from .models import ROLES, VoiceProfile

CONFIG_NAME = "newscast.toml"
CASTING_NAME = "casting.toml"
LEXICON_NAME = "lexicon.toml"
#: The repository's voices/ (present in a source checkout or an editable install).
BUNDLED_VOICES = Path(__file__).resolve().parents[2] / "voices"


@dataclass(frozen=True)
class Production:
    """How episodes sound: signposts, pauses, loudness, bit rate, music (``[production]`` and ``[pauses]``)."""

    intro: bool = True
    """The narrator opens with the show name, the episode title and its date."""
    outro: bool = True
    """The narrator closes the episode."""
    transitions: bool = True
    """Before an interview the narrator says who talks with whom."""
    target_lufs: float = -16.0
    """Integrated loudness of the final MP3 (Apple: -16; -19 for mono-first shows)."""
    bitrate_kbps: int = 64
    """MP3 bit rate, 64-128 kbit/s (mono)."""
    music: str = ""
    """Intro/outro music file (any format ffmpeg reads); empty for none."""
    music_db: float = -20.0
    """Music level under the voice, in dB relative to the music file."""
    pauses: tuple[tuple[str, int], ...] = ()
    """(boundary, milliseconds) overrides of the default pauses."""


@dataclass(frozen=True)
class Show:
    """The podcast as a whole: channel-level feed fields and tag defaults."""

    title: str = "newscast"
    """Show name (feed channel title, ID3 album)."""
    description: str = "News articles, read aloud. Rendered offline by newscast."
    author: str = "newscast"
    """Author (itunes:author, ID3 artist)."""
    language: str = "en"
    link: str = "http://127.0.0.1:8000/"
    """The show's web page."""
    base_url: str = "http://127.0.0.1:8000/"
    """Where the output folder is served: enclosure URLs start with this (an IP address or a
    host name with a dot: feed validators reject ``localhost`` in enclosure and image URLs)."""
    image: str = ""
    """Cover image URL for the feed (empty: none)."""
    category: str = "News"
    subcategory: str = "Daily News"
    explicit: bool = False
    owner_name: str = ""
    owner_email: str = ""
    copyright: str = ""
    episode_numbers: bool = True
    """Number episodes (itunes:episode 1, 2, … by first publication); false for none."""
    production: Production = Production()
    """Production settings (not feed fields)."""


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
        if engine is None or self.casting.neural is None or engine == NEURAL_ENGINE:
            return self
        return replace(self, casting=replace(self.casting, neural=None, neural_missing=""))

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


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the syntax") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None


#: Milliseconds of silence at each kind of boundary.
PAUSES_MS = {
    "start": 400,
    "sentence": 300,
    "paragraph": 650,
    "speaker": 800,
    "after title": 900,
    "after heading": 550,
    "before heading": 1100,
    "end": 1000,
}
#: The tables a show config may have (the show's own fields may also stand at the top).
SECTIONS = ("show", "production", "pauses")


def _nearest(name: str, known: Iterable[str], form: str = "'{}'") -> str:
    """'; did you mean X?' for a misspelt name (X written as ``form`` says), else ''.

    >>> _nearest("producton", SECTIONS, "[{}]"), _nearest("intor", ["intro", "outro"]), _nearest("zzz", SECTIONS)
    ('; did you mean [production]?', "; did you mean 'intro'?", '')
    """
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {form.format(close[0])}?" if close else ""


def _typed(path: Path, cls: type, data: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Check ``data`` against the fields of dataclass ``cls``; return kwargs."""
    allowed = {f.name: f for f in fields(cls) if f.name not in skip}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in allowed:
            raise ConfigError(f"{path}: unknown field '{key}'{_nearest(key, sorted(allowed))} "
                              f"(allowed: {', '.join(sorted(allowed))})")
        if isinstance(value, float) and not -1e6 < value < 1e6:
            raise ConfigError(f"{path}: field '{key}' = {value!r} is out of range")
        want = allowed[key].type
        ok = {
            "str": isinstance(value, str),
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, (int, float)) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
        }.get(str(want), True)
        if not ok:
            raise ConfigError(f"{path}: field '{key}' must be a {want}, got {value!r}")
        out[key] = value
    return out


def load_show(path: Path | None) -> Show:
    """Load the show config; ``None`` means ``./newscast.toml`` if present, else defaults."""
    if path is None:
        path = Path(CONFIG_NAME)
        if not path.is_file():
            return Show()
    elif not path.is_file():
        raise ConfigError(f"show config {path} not found; pass an existing file to --config")
    data = _read_toml(path)
    for name, value in data.items():
        if isinstance(value, (dict, list)) and name not in SECTIONS:
            raise ConfigError(f"{path}: unknown section [{name}]{_nearest(name, SECTIONS, '[{}]')} "
                              f"(sections: {', '.join(f'[{n}]' for n in SECTIONS)})")
    for name in SECTIONS:
        if name in data and not isinstance(data[name], dict):
            raise ConfigError(f"{path}: {name} must be a table, written [{name}] with its fields below it, "
                              f"got {data[name]!r}")
    show = data.get("show", {k: v for k, v in data.items() if not isinstance(v, dict)})
    production = _typed(path, Production, data.get("production", {}), skip=("pauses",))
    pauses = data.get("pauses", {})
    for name, ms in pauses.items():
        if name not in PAUSES_MS or not isinstance(ms, int) or isinstance(ms, bool) or not 0 <= ms <= 10000:
            raise ConfigError(f"{path}: [pauses] {name} = {ms!r}; use one of {', '.join(PAUSES_MS)} with 0-10000 ms")
    prod = Production(**production, pauses=tuple(pauses.items()))
    if not -60 <= prod.music_db <= 6:
        raise ConfigError(f"{path}: music_db {prod.music_db} is outside -60 to 6 dB; fix it in [production]")
    if not 64 <= prod.bitrate_kbps <= 128:
        raise ConfigError(f"{path}: bitrate_kbps {prod.bitrate_kbps} is outside 64-128")
    if not -30 <= prod.target_lufs <= -10:
        raise ConfigError(f"{path}: target_lufs {prod.target_lufs} is outside -30 to -10")
    if prod.music and not (path.parent / prod.music).is_file() and not Path(prod.music).is_file():
        raise ConfigError(f"{path}: music file {prod.music} not found; fix 'music' in [production]")
    if prod.music and not Path(prod.music).is_absolute():
        prod = replace(prod, music=str((path.parent / prod.music).resolve()))
    result = Show(**_typed(path, Show, show, skip=("production",)), production=prod)
    problem = show_problem(result)
    if problem:
        raise ConfigError(f"{path}: {problem}")
    return result


#: Apple Podcasts categories and their subcategories (Apple's list since 2019).
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden",
                "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News",
             "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences",
                "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby",
               "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}

_HTTP_URL = re.compile(r"https?://(\d{1,3}(\.\d{1,3}){3}|([a-z0-9-]+\.)+[a-z0-9][a-z0-9-]*)(:\d+)?(/[^\s]*)?$", re.I)
_EMAIL = re.compile(r"[A-Z0-9_\-+.']+@([A-Z0-9-]+\.)+[A-Z0-9][A-Z0-9-]*$", re.I)
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def feed_url_ok(url: str) -> bool:
    """Whether podcast apps and feed validators accept ``url`` for an enclosure or image:
    http(s), and a host that is an IPv4 address or a name with a dot.

    >>> [feed_url_ok(u) for u in ("http://127.0.0.1:8000/", "https://pod.example.org/a.mp3", "http://localhost:8000/", "ftp://x.org/")]
    [True, True, False, False]
    """
    return bool(_HTTP_URL.match(url))


def show_problem(show: Show) -> str:
    """What is wrong with a show config for publishing, or "" (checked when it is loaded).

    >>> show_problem(Show(category="News", subcategory="Cooking"))
    "subcategory 'Cooking' is not an Apple Podcasts subcategory of News (use one of: Business News, Daily News, Entertainment News, News Commentary, Politics, Sports News, Tech News, or '')"
    >>> show_problem(Show())
    ''
    """
    if show.category not in APPLE_CATEGORIES:
        return f"category '{show.category}' is not an Apple Podcasts category (use one of: {', '.join(APPLE_CATEGORIES)})"
    subs = APPLE_CATEGORIES[show.category]
    if show.subcategory and show.subcategory not in subs:
        allowed = ", ".join(subs) + ", or ''" if subs else "'' (it has none)"
        return f"subcategory '{show.subcategory}' is not an Apple Podcasts subcategory of {show.category} (use one of: {allowed})"
    for name in ("base_url", "link"):
        value = getattr(show, name)
        if not feed_url_ok(value):
            return (f"{name} '{value}' is not a URL podcast apps accept; use http(s):// with an IP address or a "
                    f"host name with a dot (e.g. http://127.0.0.1:8000/ rather than localhost)")
    if "://" in show.image and not feed_url_ok(show.image):
        return f"image '{show.image}' is not a URL podcast apps accept; use an http(s) URL or a local file"
    if show.owner_email and not _EMAIL.match(show.owner_email):
        return f"owner_email '{show.owner_email}' is not an e-mail address"
    if not _LANGUAGE.match(show.language):
        return f"language '{show.language}' is not a language code such as en, en-GB or de"
    if not show.title.strip():
        return "title is empty; give the show a name"
    return ""


def voices_folder(folder: Path | None) -> Path:
    """The voices folder: the one given, else ``./voices``, else the bundled one."""
    if folder is not None:
        if not folder.is_dir():
            raise ConfigError(f"voices folder {folder} not found; pass an existing folder to --voices")
        return folder
    for candidate in (Path("voices"), BUNDLED_VOICES):
        if (candidate / CASTING_NAME).is_file():
            return candidate
    raise ConfigError("no voices/ folder with casting.toml found; pass one with --voices DIR")


def load_profile(path: Path) -> VoiceProfile:
    data = _read_toml(path)
    kwargs = _typed(path, VoiceProfile, data, skip=("id",))
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
    return profile


def load_voices(folder: Path | None = None) -> Voices:
    """Load every ``*.toml`` profile and ``casting.toml`` from the voices folder."""
    folder = voices_folder(folder)
    profiles = tuple(
        load_profile(p) for p in sorted(folder.glob("*.toml")) if p.name not in (CASTING_NAME, LEXICON_NAME)
    )
    if not profiles:
        raise ConfigError(f"{folder}: no voice profiles (*.toml) found")
    casting_path = folder / CASTING_NAME
    data = _read_toml(casting_path) if casting_path.is_file() else {}
    lexicon, phonemes = load_lexicon(folder / LEXICON_NAME)
    profiles = tuple(replace(p, phonemes=phonemes.get(p.engine, ())) if phonemes.get(p.engine) else p
                     for p in profiles)
    ids = {p.id for p in profiles}
    for key in data:
        if key not in CASTING_KEYS:
            raise ConfigError(f"{casting_path}: unknown entry '{key}'{_nearest(key, CASTING_KEYS)} "
                              f"(allowed: {', '.join(CASTING_KEYS)})")
    casting = _casting(data, casting_path, ids, profiles[0].id)
    neural = data.get(NEURAL_ENGINE)
    if neural is not None:
        if not isinstance(neural, dict):
            raise ConfigError(f"{casting_path}: [{NEURAL_ENGINE}] must be a table with roles and guests")
        preferred = _casting(neural, casting_path, ids, dict(casting.roles)["narrator"], f"{NEURAL_ENGINE}.")
        from .engines import engine_class

        usable, why = engine_class(NEURAL_ENGINE).availability()
        casting = replace(casting, neural=preferred if usable else None, neural_missing="" if usable else why)
    return Voices(folder=folder, profiles=profiles, casting=casting, lexicon=lexicon)


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


def load_lexicon(path: Path) -> tuple[tuple[tuple[str, str], ...], dict[str, tuple[tuple[str, str], ...]]]:
    """The show's pronunciation lexicon (empty when the file is absent): (respellings, phonemes per engine).

    An entry is a respelling (``"Kyiv" = "Keev"``) or a table that may add phonemes for a neural
    engine (``"Kyiv" = { respell = "Keev", kokoro = "kˈiːv" }``; slashes around them are optional).
    Phonemes are keyed by the word as it is spoken: the respelling when there is one.
    """
    if not path.is_file():
        return (), {}
    table = _read_toml(path).get("respell", {})
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
