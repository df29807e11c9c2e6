"""library: the durable list of published episodes in the output folder
(``library.json``), from which the feed is built. Writes are atomic."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

from .errors import PublishError
from .models import Episode
from .package import write_atomic

LIBRARY_NAME = "library.json"
FORMAT = 1


def load(out: Path) -> tuple[Episode, ...]:
    path = out / LIBRARY_NAME
    if not path.exists():
        return ()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = {f.name for f in fields(Episode)}
        episodes = []
        for raw in data["episodes"]:
            raw = {k: v for k, v in raw.items() if k in names}
            raw["speakers"] = tuple(tuple(p) for p in raw.get("speakers", ()))
            raw["transcripts"] = tuple(raw.get("transcripts", ()))
            episodes.append(Episode(**raw))
        return tuple(episodes)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PublishError(f"{path}: the episode library is unreadable ({exc}); restore it from backup or remove it to start a new feed") from None


def save(out: Path, episodes: tuple[Episode, ...]) -> None:
    doc = {"format": FORMAT, "episodes": [asdict(e) for e in episodes]}
    try:
        write_atomic(out / LIBRARY_NAME, (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    except OSError as exc:
        raise PublishError(f"{out}: cannot write the episode library ({exc.strerror}); check the folder's permissions and free space") from None


def upsert(episodes: tuple[Episode, ...], episode: Episode) -> tuple[Episode, ...]:
    """Replace the episode with the same GUID, or add it."""
    kept = tuple(e for e in episodes if e.guid != episode.guid)
    return (*kept, episode)


def find(episodes: tuple[Episode, ...], guid: str) -> Episode | None:
    return next((e for e in episodes if e.guid == guid), None)
