"""keys: what makes an episode the same episode, and when its files can be reused.

- **GUID**: uuid5 of the article's identity — its path relative to the working folder, its
  canonical web address, or (stdin) its title — never changing across re-renders;
- **slug** of the file names, the **first publication date** kept by re-renders;
- **input key**: everything an article file's episode is made from before its script is built
  (reused without parsing), **render key**: everything after (reused without speaking), and the
  **code identity** both include (newscast's own files, the script libraries' versions).

I/O: reads the article file and the show's music and cover for the keys.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
import uuid
from datetime import date, datetime
from pathlib import Path

from ..core.version import __version__
from ..site import library
from ..settings.show import Show
from ..settings.voices import Voices
from ..sources.fetch import is_url, normalize_url
from ..read.ingest import MAX_BYTES
from ..sound.mix import SAMPLE_RATE
from ..core.models import Episode, Script, VoiceProfile
from .inputs import Source
from ..sound.encode import ENCODER_GAIN_LU, LAME_QUALITY


#: Namespace for episode GUIDs (uuid5 of the article's identity).
EPISODE_NS = uuid.UUID("6f1b6f5e-2c57-5a43-9d1e-6e6577736361")


def identity(source: str, script: Script | None) -> str:
    """What makes two renders the same article: its path relative to the
    working folder (or its file name when outside it); for stdin, its title."""
    if source == "-":
        return "stdin:" + (script.title.strip().lower() if script else "")
    if is_url(source):  # a web page is its canonical address, whatever link led to it
        url = script.meta.url if script else ""
        return normalize_url(url if is_url(url) else source)
    rel = os.path.relpath(os.path.abspath(source))
    return Path(rel if not rel.startswith("..") else Path(source).name).as_posix()


def episode_guid(source: str, script: Script | None) -> str:
    """The episode's GUID: uuid5 of the article's identity (a script is needed only for stdin)."""
    return str(uuid.uuid5(EPISODE_NS, identity(source, script))) if script or source != "-" else ""


def first_published(episodes: tuple[Episode, ...], source: Source) -> date | None:
    """The date an article's episode was first published, if it has been (keeps re-render intros stable)."""
    if source.kind in ("stdin", "script file"):
        return None
    old = library.find(episodes, episode_guid(source.name, None))
    return datetime.fromisoformat(old.pub_date).date() if old and library.valid_date(old.pub_date) else None


def slug(text: str, limit: int = 48) -> str:
    """ASCII, file-name-safe slug.

    >>> slug("Ça va: Ukraine/../coalition!")
    'ca-va-ukraine-coalition'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-") or "episode"


def render_key(script: Script, voices: Voices, engine: str | None, show: Show, pub: str) -> str:
    """Hash of everything an episode's files are made from — the script (every segment's spoken
    text and voice), each voice's profile and engine version, the show and production settings,
    music and cover files, the publication date and the encoder — so an unchanged article is
    known before anything is split into sentences or spoken."""
    profiles = [voices.get(v) for v in sorted({s.voice for s in script.segments})]
    return _digest((script, profiles, _engine_identities(profiles, engine), show, pub), show)


def _engine_identities(profiles: list[VoiceProfile] | tuple[VoiceProfile, ...], engine: str | None) -> list[str]:
    from ..voice.engines import engine_cache_version

    return [engine_cache_version(e) for e in sorted({engine or p.engine for p in profiles})]


def _digest(parts: tuple, show: Show, data: bytes = b"") -> str:
    """sha256 of ``parts`` with the mix rate, the encoder settings and newscast's version,
    then ``data`` and the show's local music and cover files (what both keys end with)."""
    h = hashlib.sha256(repr((*parts, SAMPLE_RATE, LAME_QUALITY, ENCODER_GAIN_LU, __version__)).encode("utf-8"))
    h.update(data)
    for path in (show.production.music, show.image):
        if path and "://" not in path and Path(path).is_file():
            h.update(Path(path).read_bytes())
    return h.hexdigest()


_code_identity: list[str] = []


#: Libraries whose version can change a script (extraction, sentence splitting, number words).
SCRIPT_LIBRARIES = ("trafilatura", "lxml", "lxml_html_clean", "markdown-it-py", "num2words", "pysbd")


def code_identity() -> str:
    """Hash of newscast's own files (its rules live in code) and the versions of the libraries
    scripts are made with: after any change to them every article's script is derived again
    before its episode may be reused."""
    from importlib import metadata

    if not _code_identity:
        root = Path(__file__).resolve().parents[1]  # the newscast package
        h = hashlib.sha256()
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
        for name in SCRIPT_LIBRARIES:
            try:
                h.update(f"{name} {metadata.version(name)}".encode("utf-8"))
            except metadata.PackageNotFoundError:
                h.update(f"{name} none".encode("utf-8"))
        _code_identity.append(h.hexdigest())
    return _code_identity[0]


def input_key(source: Source, voices: Voices, engine: str | None, show: Show, pub: str, format: str | None,
              data: bytes | None = None) -> str:
    """Hash of everything an article file's episode is made from *before* its script is built —
    the file's bytes and identity, every voice profile, the lexicon and casting, the engines'
    versions, the show, the date, the encoder and newscast's own code — so an unchanged article
    is reused without being parsed, cleaned or normalized. Empty (no shortcut) for stdin,
    edited script files and unreadable paths, which take the render-key route."""
    if data is None:  # an article file (a fetched page comes with its bytes; its identity is its address)
        if source.kind != "file":
            return ""
        try:
            if not stat.S_ISREG(os.stat(source.name).st_mode):
                return ""  # a device or FIFO is never opened here (opening a FIFO waits for a writer): the full route refuses it
            with open(source.name, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError:
            return ""  # the full route reports it
    parts = (identity(source.name, None), format, voices, _engine_identities(voices.profiles, engine), show, pub,
             code_identity())
    return _digest(parts, show, hashlib.sha256(data).digest())
