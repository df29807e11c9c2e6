"""The show config (``newscast.toml``): feed fields, production settings, pauses.

Loading is I/O; everything returned is a frozen dataclass. Malformed files give
a :class:`ConfigError` naming the file, the field and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.errors import ConfigError
from ..core.words import nearest
from .toml import read_toml, typed_fields

CONFIG_NAME = "newscast.toml"


@dataclass(frozen=True)
class Production:
    """How episodes sound: signposts, pauses, loudness, bit rate, music (``[production]`` and ``[pauses]``)."""

    intro: bool = True
    """The narrator opens with the show name, the episode title and its date."""
    outro: bool = True
    """The narrator closes the episode."""
    transitions: bool = True
    """Before an interview the narrator says who talks with whom."""
    intro_text: str = ""
    """The intro's own wording, with {show}, {date} and {title} (empty: newscast's, in the article's language)."""
    outro_text: str = ""
    """The outro's own wording, with {show}, {date} and {title} (empty: newscast's)."""
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


#: What a show's own intro and outro wording may name.
SIGNPOST_FIELDS = ("show", "date", "title")


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


def load_show(path: Path | None) -> Show:
    """Load the show config; ``None`` means ``./newscast.toml`` if present, else defaults."""
    if path is None:
        path = Path(CONFIG_NAME)
        if not path.is_file():
            return Show()
    elif not path.is_file():
        raise ConfigError(f"show config {path} not found; pass an existing file to --config")
    data = read_toml(path)
    for name, value in data.items():
        if isinstance(value, (dict, list)) and name not in SECTIONS:
            raise ConfigError(f"{path}: unknown section [{name}]{nearest(name, SECTIONS, '[{}]')} "
                              f"(sections: {', '.join(f'[{n}]' for n in SECTIONS)})")
    for name in SECTIONS:
        if name in data and not isinstance(data[name], dict):
            raise ConfigError(f"{path}: {name} must be a table, written [{name}] with its fields below it, "
                              f"got {data[name]!r}")
    show = data.get("show", {k: v for k, v in data.items() if not isinstance(v, dict)})
    production = typed_fields(path, Production, data.get("production", {}), skip=("pauses",))
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
    for name in ("intro_text", "outro_text"):
        unknown = [f for f in re.findall(r"{([^{}]*)}", getattr(prod, name)) if f not in SIGNPOST_FIELDS]
        if unknown:
            raise ConfigError(f"{path}: {name} uses {{{unknown[0]}}}{nearest(unknown[0], SIGNPOST_FIELDS, '{{{}}}')}; "
                              f"it may use {', '.join('{' + f + '}' for f in SIGNPOST_FIELDS)}")
    if prod.music and not (path.parent / prod.music).is_file() and not Path(prod.music).is_file():
        raise ConfigError(f"{path}: music file {prod.music} not found; fix 'music' in [production]")
    if prod.music and not Path(prod.music).is_absolute():
        prod = replace(prod, music=str((path.parent / prod.music).resolve()))
    result = Show(**typed_fields(path, Show, show, skip=("production",)), production=prod)
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
