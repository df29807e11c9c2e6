"""library: the durable list of published episodes in the output folder — a
SQLite database (``library.db``, standard library ``sqlite3``), from which the
feed and the page are built. Every save is one transaction: a killed render
leaves the previous library or the new one, never half of either. A
``library.json`` from older versions is imported once.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
from contextlib import closing
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..core.errors import PublishError
from ..sound.tags import RECORD
from ..core.models import Episode

LIBRARY_NAME = "library.db"
LEGACY_NAME = "library.json"
SCHEMA = "CREATE TABLE IF NOT EXISTS episodes (guid TEXT PRIMARY KEY, pub_date TEXT NOT NULL, data TEXT NOT NULL)"
#: The feeds rendered from: the last copy of each and its validators, so the next run asks
#: "changed since?" and a 304 is read from here.
FEEDS = "CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, body BLOB)"


def _episode(raw: dict, where: Path) -> Episode:
    names = {f.name for f in fields(Episode)}
    raw = {k: v for k, v in raw.items() if k in names}
    raw["speakers"] = tuple(tuple(p) for p in raw.get("speakers", ()))
    raw["transcripts"] = tuple(raw.get("transcripts", ()))
    episode = Episode(**raw)
    for name in (episode.id, *episode.files):
        if not plain_name(name):
            raise PublishError(f"{where}: episode {episode.guid!r} names the file {name!r}, which is not a plain file "
                               "name inside the folder; newscast never writes such an entry — restore the library from "
                               "backup, or delete it (the next run rebuilds it from the episodes' MP3s)")
    return episode


def plain_name(name: object) -> bool:
    r"""Is ``name`` one file directly inside a folder (no separators, not hidden, no parent, not absolute)?

    Every file name the library stores must be one: a tampered entry or a merged shard must never
    make ``remove`` delete, or ``feed --merge`` copy, a file elsewhere.

    >>> [plain_name(n) for n in ("ep-1a2b.mp3", "../victim.txt", "/etc/passwd", ".hidden", "a\\b", "", "x\x00y")]
    [True, False, False, False, False, False, False]
    """
    return (isinstance(name, str) and 0 < len(name.encode("utf-8", "surrogateescape")) <= 255
            and not name.startswith(".") and not any(c in name for c in "/\\\0:") and name.isprintable())


def _connect(out: Path) -> sqlite3.Connection:
    db = sqlite3.connect(out / LIBRARY_NAME, timeout=30)
    db.execute(SCHEMA)
    db.execute(FEEDS)
    return db


def feed_copy(out: Path, url: str) -> tuple[str, str, bytes] | None:
    """The last copy of a feed rendered into ``out`` and its validators (ETag, Last-Modified), if any.
    A copy that cannot be read is no copy: the feed is then fetched whole."""
    if not (out / LIBRARY_NAME).is_file():
        return None
    try:
        with closing(_connect(out)) as db:
            row = db.execute("SELECT etag, last_modified, body FROM feeds WHERE url = ?", (url,)).fetchone()
    except sqlite3.Error:
        return None
    return (row[0] or "", row[1] or "", bytes(row[2] or b"")) if row else None


def keep_feed(out: Path, url: str, etag: str, last_modified: str, body: bytes) -> None:
    """Remember a feed's copy and validators (only when the server gave validators: nothing to ask
    with otherwise). Best effort: a library that cannot take it only costs a full download next time."""
    if not (etag or last_modified):
        return
    with contextlib.suppress(sqlite3.Error, OSError), closing(_connect(out)) as db, db:
        db.execute("INSERT OR REPLACE INTO feeds (url, etag, last_modified, body) VALUES (?, ?, ?, ?)",
                   (url, etag, last_modified, body))


def exists(out: Path) -> bool:
    """Does ``out`` hold a library, or episodes one can be rebuilt from?"""
    return (out / LIBRARY_NAME).is_file() or (out / LEGACY_NAME).is_file() or any(out.glob("*.mp3"))


def load(out: Path, notify: Callable[[str], None] = lambda _m: None, keep: bool = False) -> tuple[Episode, ...]:
    """The episodes the library lists. A library that lists none (missing, emptied, a zero-byte
    file) while the folder holds episodes is rebuilt from the records their MP3s carry (saying so
    through ``notify``, and saved at once with ``keep``, for callers holding the folder's lock);
    if the feed lists episodes that cannot be rebuilt so, that is an error, never a silent loss."""
    path = out / LIBRARY_NAME
    try:
        if not path.exists():
            legacy = out / LEGACY_NAME
            if legacy.exists():  # written by newscast 0.1 before the database
                return tuple(_episode(raw, legacy) for raw in json.loads(legacy.read_text(encoding="utf-8"))["episodes"])
            rows = []
        else:
            with closing(_connect(out)) as db:
                rows = db.execute("SELECT data FROM episodes ORDER BY pub_date, guid").fetchall()
        episodes = tuple(_episode(json.loads(data), path) for (data,) in rows)
    except (OSError, ValueError, KeyError, TypeError, sqlite3.Error) as exc:
        raise PublishError(f"{path}: the episode library is unreadable ({exc}); restore it from backup, or delete it "
                           "(the next run rebuilds it from the episodes' MP3s)") from None
    if episodes:
        return episodes
    found = _rebuilt(out, notify)
    if found and keep:
        save(out, found)
    return found


#: Entry fields a record leaves out: measured from the file itself when it is read back, or
#: about one run rather than the episode (how many segments its clip cache already held: the
#: MP3 is the same bytes whatever the cache held).
_MEASURED = ("size_bytes", "duration_s", "cached_segments")


def record(episode: Episode) -> str:
    """The library entry an episode's MP3 carries, so a lost library can be rebuilt from the files.

    >>> import json; from newscast.core.models import Episode
    >>> e = Episode("a-1", "g", "T", "d", "a.txt", "a-1.mp3", 10, 1.5, "2026-01-01T00:00:00+00:00", -16, -1, 1, 2, 0)
    >>> sorted(set(json.loads(record(e))) & {"guid", "mp3", "size_bytes"})
    ['guid', 'mp3']
    """
    data = {k: v for k, v in asdict(episode).items() if k not in _MEASURED}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def read_record(mp3: Path) -> Episode | None:
    """The library entry ``mp3`` carries (size and length measured from the file), or None."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        audio = MP3(str(mp3))
        frames: list[Any] = audio.tags.getall(f"TXXX:{RECORD}") if audio.tags else []
        if not frames:
            return None
        raw = json.loads(frames[0].text[0])
        raw.update(size_bytes=mp3.stat().st_size, duration_s=round(audio.info.length, 3), cached_segments=0)  # type: ignore[attr-defined]  # an MP3 that opened has info
        episode = _episode(raw, mp3)
    except (MutagenError, OSError, ValueError, KeyError, TypeError, IndexError, PublishError):
        return None
    return episode if episode.mp3 == mp3.name else None


def _rebuilt(out: Path, notify: Callable[[str], None]) -> tuple[Episode, ...]:
    found = {}
    for mp3 in sorted(out.glob("*.mp3")) if out.is_dir() else ():
        episode = read_record(mp3)
        if episode is not None:
            found[episode.guid] = episode
    listed = _feed_guids(out)
    lost = [g for g in listed if g not in found]
    if lost:
        raise PublishError(f"{out / LIBRARY_NAME}: the episode library lists no episodes, but feed.xml lists "
                           f"{len(listed)} and {len(lost)} of them cannot be rebuilt from their MP3s (e.g. {lost[0]}); "
                           "restore the library from backup, or remove feed.xml to start a new feed")
    if found:
        notify(f"warning: {out / LIBRARY_NAME} lists no episodes; rebuilt {len(found)} from the records in their MP3s")
    return tuple(sorted(found.values(), key=lambda e: (e.pub_date, e.guid)))


def _feed_guids(out: Path) -> list[str]:
    """The item GUIDs of ``out``'s feed.xml (none when it is missing or unreadable)."""
    from xml.etree import ElementTree as ET

    try:
        root = ET.parse(out / "feed.xml").getroot()
    except (OSError, ET.ParseError):
        return []
    return [g.text.strip() for g in root.iter("guid") if g.text and g.text.strip()]


def valid_date(iso: str) -> bool:
    """Is ``iso`` a publication date feeds can show (a time zone, 1970-9000 in UTC)?

    >>> valid_date("2026-11-28T03:50:00+00:00"), valid_date("9999-12-31T23:59:00-05:00"), valid_date("soon")
    (True, False, False)
    """
    from datetime import datetime, timezone

    try:
        when = datetime.fromisoformat(iso)
        return when.tzinfo is not None and 1970 <= when.astimezone(timezone.utc).year <= 9000
    except (ValueError, TypeError, OverflowError):
        return False


def problem(out: Path, episode: Episode) -> str:
    """Why ``episode`` cannot be published as the library describes it ("" when whole): its files
    in ``out``, or a publication date feeds cannot show (stored by an older newscast)."""
    if not valid_date(episode.pub_date):
        return f"its publication date {episode.pub_date!r} is not one feeds can show"
    for name in episode.files:
        if not (out / name).is_file():
            return f"{name} is missing"
    size = (out / episode.mp3).stat().st_size
    if size != episode.size_bytes:
        return f"{episode.mp3} is {size} bytes, the library says {episode.size_bytes}"
    return ""


def save(out: Path, episodes: tuple[Episode, ...]) -> None:
    """Replace the library's contents with ``episodes`` in one transaction."""
    try:
        with closing(_connect(out)) as db, db:
            db.execute("DELETE FROM episodes")
            db.executemany("INSERT INTO episodes (guid, pub_date, data) VALUES (?, ?, ?)",
                           [(e.guid, e.pub_date, json.dumps(asdict(e), ensure_ascii=False))
                            for e in sorted(episodes, key=lambda e: (e.pub_date, e.guid))])
        (out / LEGACY_NAME).unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:
        raise PublishError(f"{out}: cannot write the episode library ({exc}); check the folder's permissions and free space") from None


def upsert(episodes: tuple[Episode, ...], episode: Episode) -> tuple[Episode, ...]:
    """Replace the episode with the same GUID, or add it."""
    kept = tuple(e for e in episodes if e.guid != episode.guid)
    return (*kept, episode)


def replaced_files(out: Path, old: Episode | None, episodes: tuple[Episode, ...]) -> None:
    """Delete the files of ``old`` (an episode replaced by a re-render) that no episode in
    ``episodes`` lists any more: a site that rewrites its headline changes the file names, and the
    old MP3 would stay in the folder, unlisted. Called after the new episode and the feed are in
    place; only plain files inside ``out`` are touched (a link itself goes, never what it points at).
    """
    if old is None:
        return
    kept = {name for e in episodes for name in e.files}
    delete_files(out, [name for name in old.files if name not in kept], ignore_errors=True)


def delete_files(out: Path, names: Iterable[str], ignore_errors: bool = False) -> None:
    """Delete these files of ``out``: only plain files inside it (a link itself goes, never what it
    points at); a missing one is no error, another failure is skipped with ``ignore_errors``."""
    folder = out.resolve()
    for name in names:
        path = out / name
        if path.resolve().parent == folder or path.is_symlink():
            try:
                path.unlink(missing_ok=True)
            except OSError:
                if not ignore_errors:
                    raise


def find(episodes: tuple[Episode, ...], guid: str) -> Episode | None:
    return next((e for e in episodes if e.guid == guid), None)


LOCK_NAME = ".newscast.lock"
#: Temp files newscast writes beside their targets (hidden; os.replace'd into place when done).
TEMP_PATTERNS = (".*.part", ".*.tmp", ".*.merge", ".tmp-*")


#: Names that say a file, not a folder: ``--out ep.mp3`` is refused rather than made a folder.
FILE_SUFFIXES = (".mp3", ".m4a", ".wav", ".ogg", ".opus", ".aac", ".xml", ".rss", ".html", ".json", ".txt", ".md")


def out_problem(out: Path) -> str:
    """Why ``out`` cannot be the output folder ("" when it can): it is a file, or its name is a file's.

    >>> out_problem(Path("episode.mp3")), out_problem(Path("output"))
    ("--out episode.mp3 looks like a file's name; --out names the folder episodes go to (each named after its article), e.g. --out output", '')
    """
    if out.exists() and not out.is_dir():
        return f"--out {out} is a file; --out names the folder episodes go to, e.g. --out output"
    if not out.exists() and out.suffix.lower() in FILE_SUFFIXES:
        return (f"--out {out} looks like a file's name; --out names the folder episodes go to "
                "(each named after its article), e.g. --out output")
    return ""


def _lock(out: Path, wait: bool, notify: Callable[[str], None]) -> tuple[bool, int]:
    """(whether this call made the folder, the locked file's descriptor): retried while the lock
    taken turns out to be on a lock file its holder removed with the folder it left empty."""
    while True:
        created = not out.exists()
        try:
            out.mkdir(parents=True, exist_ok=True)
            fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise PublishError(f"{out}: cannot use the output folder ({exc.strerror}); pass a writable --out") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                os.close(fd)
                raise PublishError(f"{out}: another newscast is writing this folder; wait for it, or drop --no-wait") from None
            notify(f"waiting for another newscast writing {out} to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink:
            return created, fd
        os.close(fd)  # the holder removed the empty folder it made: start again


@contextlib.contextmanager
def locked(out: Path, wait: bool = True, notify: Callable[[str], None] = lambda _m: None) -> Iterator[None]:
    """Hold the output folder's lock: one render, remove or feed rebuild writes a folder at a time.

    A second one waits (saying so through ``notify``) or, with ``wait=False``, fails at once.
    The lock is an ``flock`` on a hidden file, released by the kernel if the holder is killed.
    Leftover temp files of a killed run are removed once the lock is held. A folder this holder
    made and left empty is removed with its lock file (a failed render leaves nothing); one that
    waited meanwhile finds its lock file gone and takes the lock again, on a new folder.
    """
    created, fd = _lock(out, wait, notify)
    try:
        for pattern in TEMP_PATTERNS:  # a killed run's half-written files: nobody else is writing now
            for stale in out.glob(pattern):
                with contextlib.suppress(OSError):
                    stale.unlink()
        yield
    finally:
        if created and {p.name for p in out.iterdir()} <= {LOCK_NAME}:  # a run that made nothing leaves nothing
            with contextlib.suppress(OSError):
                (out / LOCK_NAME).unlink()
                out.rmdir()
        os.close(fd)  # releases the lock
