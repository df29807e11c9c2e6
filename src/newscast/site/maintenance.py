"""maintenance: the commands that keep an output folder's library, apart from rendering —
publish the feed and page from it, rebuild the feed, merge shards' folders into one site, remove
an episode, write a starter show config.

I/O: the output folder (library, feed, page, episode files).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable

from . import library
from ..settings.show import Show, load_show
from ..core.errors import PublishError
from ..core.models import Episode
from ..core.files import write_atomic
from .feed import publish


def publish_whole(out: Path, show: Show, episodes: tuple[Episode, ...], notify: Callable[[str], None],
                  warned: set[str] | None = None) -> Path:
    """Publish the feed and page with only the episodes whose files are there as the library
    describes them; each one left out is one warning line (once per ``warned`` set)."""
    warned = set() if warned is None else warned
    whole = []
    for episode in episodes:
        why = library.problem(out, episode)
        if not why:
            whole.append(episode)
        elif episode.guid not in warned:
            warned.add(episode.guid)
            notify(f"warning: {out}: episode {episode.id} left out of the feed: {why}; "
                   f"render {episode.source} again, or `newscast remove {episode.id}`")
    return publish(out, show, tuple(whole))


def rebuild_feed(out: Path, config: Path | None = None, notify: Callable[[str], None] = lambda _m: None) -> Path:
    """Write feed.xml (and the channel cover) again from the episode library, without rendering."""
    if not library.exists(out):
        raise PublishError(f"{out}: no episode library here; render an article into it first")
    with library.locked(out):
        episodes = library.load(out, notify, keep=True)
        return publish_whole(out, load_show(config), episodes, notify)


def merge_sites(folders: list[Path], out: Path, config: Path | None = None,
                notify: Callable[[str], None] = lambda _m: None) -> tuple[Path, int, int]:
    """Join the libraries and files of several output folders (CI shards) into ``out`` and publish
    one feed. An episode (by GUID) is never listed twice: the same render again is skipped, a
    newer render of it replaces the older one (merging today's shards into yesterday's site).
    Returns (feed path, episodes added or replaced, duplicates skipped)."""
    with library.locked(out):  # creates the folder
        return _merge(folders, out, config, notify)


def _merge(folders: list[Path], out: Path, config: Path | None, notify: Callable[[str], None]) -> tuple[Path, int, int]:
    import shutil

    episodes = library.load(out, notify, keep=True)
    added = skipped = 0
    for folder in folders:
        if not library.exists(folder):
            raise PublishError(f"{folder}: no episode library here; pass output folders of `newscast render`")
        for ep in sorted(library.load(folder, notify), key=lambda e: (e.pub_date, e.guid)):
            old = library.find(episodes, ep.guid)
            if old is not None and (old.render_key == ep.render_key or folder.resolve() == out.resolve()):
                skipped += 1
                continue
            linked = [n for n in ep.files if (folder / n).is_symlink()]
            if linked:  # its bytes may be anywhere on the shard's machine: never copy them into the site
                raise PublishError(f"{folder}: episode {ep.id}'s file {linked[0]} is a symbolic link; newscast writes "
                                   "none — re-render that shard")
            why = library.problem(folder, ep)
            if why:
                raise PublishError(f"{folder}: episode {ep.id}: {why}; re-render that shard")
            if folder.resolve() != out.resolve():
                for name in ep.files:
                    tmp = out / f".{name}.merge"
                    shutil.copyfile(folder / name, tmp)
                    os.replace(tmp, out / name)
            episodes = library.upsert(episodes, ep)
            added += 1
    library.save(out, episodes)
    return publish_whole(out, load_show(config), episodes, notify), added, skipped


def remove_episode(out: Path, which: str, config: Path | None = None,
                   notify: Callable[[str], None] = lambda _m: None) -> Episode:
    """Drop one episode (by id, GUID or input) and its files; rebuild the feed."""
    return remove_episodes(out, [which], config, notify)[0]


def remove_episodes(out: Path, which: list[str], config: Path | None = None,
                    notify: Callable[[str], None] = lambda _m: None) -> list[Episode]:
    """Drop episodes (each named by id, GUID, input, or a unique start of its id or GUID) and their
    files; rebuild the feed once. Every name is resolved before anything is removed."""
    with library.locked(out):
        return _remove(out, which, config, notify)


def _find(episodes: tuple[Episode, ...] | list[Episode], which: str, out: Path) -> Episode:
    exact = [e for e in episodes if which in (e.id, e.guid, e.source)]
    match = exact or [e for e in episodes if which and (e.id.startswith(which) or e.guid.startswith(which))]
    if len(match) > 1:
        raise PublishError(f"{out}: '{which}' starts {len(match)} episodes ({', '.join(e.id for e in match)}); give more of the id")
    if not match:
        known = ", ".join(e.id for e in episodes) or "none"
        raise PublishError(f"{out}: no episode '{which}' (episodes: {known}); see `newscast list`")
    return match[0]


def _remove(out: Path, which: list[str], config: Path | None, notify: Callable[[str], None]) -> list[Episode]:
    episodes = library.load(out, notify, keep=True)  # every stored file name is a plain name inside ``out`` (or this fails)
    gone = list({e.guid: e for e in (_find(episodes, w, out) for w in which)}.values())
    going = {e.guid for e in gone}
    rest = tuple(e for e in episodes if e.guid not in going)
    library.save(out, rest)  # the library first: a crash after this leaves only stray files, never a listed, missing one
    publish_whole(out, load_show(config), rest, notify)
    for e in gone:
        library.delete_files(out, e.files)
    return gone


#: The names newscast gives an episode's files: ``<slug>-<first 8 hex digits of the GUID>.<kind>``.
EPISODE_FILE = re.compile(r"^[a-z0-9-]+-[0-9a-f]{8}\.(?:mp3|png|jpg|vtt|srt|chapters\.json)$")


def remove_orphans(out: Path) -> list[str]:
    """Delete the files in ``out`` named like an episode's that no episode lists (left by a replaced
    episode before newscast removed those, or by a library restored from a backup); return their names."""
    with library.locked(out):
        episodes = library.load(out, keep=True)
        listed = {name for e in episodes for name in e.files}
        gone = []
        for path in sorted(out.iterdir()):
            if EPISODE_FILE.match(path.name) and path.name not in listed and (path.is_file() or path.is_symlink()):
                path.unlink(missing_ok=True)
                gone.append(path.name)
        return gone


def init_config(path: Path) -> Path:
    """Write a commented starter show config (into a folder given: its newscast.toml); never overwrite one."""
    if path.is_dir():
        path = path / "newscast.toml"
    if path.exists():
        raise PublishError(f"{path}: already exists; edit it, or pass another path to `newscast init`")
    text = starter_config(Show())
    overlay = path.parent / "voices"
    try:
        write_atomic(path, text.encode("utf-8"))
        if not overlay.exists():  # the show's own voices, layered over the bundled ones
            overlay.mkdir()
            write_atomic(overlay / "lexicon.toml", STARTER_LEXICON.encode("utf-8"))
    except OSError as exc:
        raise PublishError(f"{path}: cannot write ({exc.strerror}); check the folder") from None
    return path


#: The commented lexicon ``newscast init`` puts in the show's ``voices/``.
STARTER_LEXICON = """# This show's voices: this folder is layered over newscast's bundled voices.
# - lexicon.toml (this file): how the voices should say words they get wrong, over the bundled
#   entries. `newscast script ARTICLE` shows the result.
# - NAME.toml: a voice profile of your own, or one replacing a bundled one of the same name
#   (see `newscast voices` for the names), e.g. kokoro-narrator.toml:
#       engine = "kokoro"
#       voice = "bf_emma"          # any voice `newscast voices` lists, or a blend "af_heart:0.6,bf_emma:0.4"
#       rate = 160
# - casting.toml: copy the bundled one (`newscast voices --json` shows it) to cast roles yourself;
#   with it, this folder is used on its own instead of layered.
[respell]
# "Kyiv" = "Keev"
# "Keir" = { respell = "Keer", kokoro = "kˈiəɹ" }
"""


def starter_config(show: Show) -> str:
    """A commented newscast.toml with every setting at its default."""
    prod = show.production
    from ..settings.show import PAUSES_MS

    pauses = "\n".join(f'{json_key(k)} = {v}' for k, v in PAUSES_MS.items())
    return f"""# newscast show config. Every field is optional; these are the defaults.
[show]
title = "{show.title}"                 # show name: feed title, ID3 album
description = "{show.description}"
author = "{show.author}"               # itunes:author, ID3 artist
owner_name = ""                  # itunes:owner (Apple asks for one)
owner_email = ""
language = "{show.language}"
link = "{show.link}"             # the show's web page
base_url = "{show.base_url}"     # where the output folder is served (`newscast serve` serves it here)
image = ""                       # cover: http(s) URL or a local square JPEG/PNG, 1400-3000 px; empty = generated
category = "{show.category}"              # Apple category and subcategory
subcategory = "{show.subcategory}"
explicit = false
copyright = ""
episode_numbers = true           # itunes:episode 1, 2, … in order of first publication

[production]
intro = true                     # "This is <show>, for <date>."
outro = true
# Your own wording instead of newscast's (which follows the article's language): {{show}}, {{date}}, {{title}}
# intro_text = "Good morning. This is {{show}} for {{date}}."
# outro_text = "That was {{title}}. {{show}} is back tomorrow."
transitions = true               # "Next: <interviewer> talks with <guest>."
target_lufs = {prod.target_lufs}            # -19 for mono-first shows
bitrate_kbps = {prod.bitrate_kbps}               # 64-128
music = ""                       # intro/outro music file (relative to this file)
music_db = {prod.music_db}

# Pauses in milliseconds at each boundary.
[pauses]
{pauses}
"""


def json_key(key: str) -> str:
    """A TOML key, quoted when it has a space.

    >>> json_key("after title"), json_key("start")
    ('"after title"', 'start')
    """
    return f'"{key}"' if " " in key else key
