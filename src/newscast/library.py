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
from typing import Callable, Iterator

from .errors import PublishError
from .models import Episode

LIBRARY_NAME = "library.db"
LEGACY_NAME = "library.json"
SCHEMA = "CREATE TABLE IF NOT EXISTS episodes (guid TEXT PRIMARY KEY, pub_date TEXT NOT NULL, data TEXT NOT NULL)"


def _episode(raw: dict) -> Episode:
    names = {f.name for f in fields(Episode)}
    raw = {k: v for k, v in raw.items() if k in names}
    raw["speakers"] = tuple(tuple(p) for p in raw.get("speakers", ()))
    raw["transcripts"] = tuple(raw.get("transcripts", ()))
    return Episode(**raw)


def _connect(out: Path) -> sqlite3.Connection:
    db = sqlite3.connect(out / LIBRARY_NAME, timeout=30)
    db.execute(SCHEMA)
    return db


def exists(out: Path) -> bool:
    return (out / LIBRARY_NAME).is_file() or (out / LEGACY_NAME).is_file()


def load(out: Path) -> tuple[Episode, ...]:
    path = out / LIBRARY_NAME
    try:
        if not path.exists():
            legacy = out / LEGACY_NAME
            if legacy.exists():  # written by newscast 0.1 before the database
                return tuple(_episode(raw) for raw in json.loads(legacy.read_text(encoding="utf-8"))["episodes"])
            return ()
        with closing(_connect(out)) as db:
            rows = db.execute("SELECT data FROM episodes ORDER BY pub_date, guid").fetchall()
        return tuple(_episode(json.loads(data)) for (data,) in rows)
    except (OSError, ValueError, KeyError, TypeError, sqlite3.Error) as exc:
        raise PublishError(f"{path}: the episode library is unreadable ({exc}); restore it from backup or remove it to start a new feed") from None


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


def find(episodes: tuple[Episode, ...], guid: str) -> Episode | None:
    return next((e for e in episodes if e.guid == guid), None)


LOCK_NAME = ".newscast.lock"
#: Temp files newscast writes beside their targets (hidden; os.replace'd into place when done).
TEMP_PATTERNS = (".*.part", ".*.tmp", ".*.merge", ".tmp-*")


@contextlib.contextmanager
def locked(out: Path, wait: bool = True, notify: Callable[[str], None] = lambda _m: None) -> Iterator[None]:
    """Hold the output folder's lock: one render, remove or feed rebuild writes a folder at a time.

    A second one waits (saying so through ``notify``) or, with ``wait=False``, fails at once.
    The lock is an ``flock`` on a hidden file, released by the kernel if the holder is killed.
    Leftover temp files of a killed run are removed once the lock is held.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PublishError(f"{out}: cannot use the output folder ({exc.strerror}); pass a writable --out") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise PublishError(f"{out}: another newscast is writing this folder; wait for it, or drop --no-wait") from None
            notify(f"waiting for another newscast writing {out} to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        for pattern in TEMP_PATTERNS:  # a killed run's half-written files: nobody else is writing now
            for stale in out.glob(pattern):
                with contextlib.suppress(OSError):
                    stale.unlink()
        yield
    finally:
        os.close(fd)  # releases the lock
