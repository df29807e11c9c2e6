"""Never trust stored state (issue 20, items 1 and 3): the library, a merged shard and the files
in the output folder may have been altered; newscast must never delete or copy outside the
folder, never publish a broken enclosure, and never lose episodes silently."""

import json
import sqlite3
from pathlib import Path

import feedparser
import pytest

from newscast import library

from . import feedrules
from .conftest import make_silent_voices
from .test_cli import newscast
from .test_safety import ARTICLES, published_state


@pytest.fixture
def site(tmp_path):
    """An output folder with two silent-engine episodes (plain_brief, harbour_interview)."""
    voices = make_silent_voices(tmp_path / "voices")
    out = tmp_path / "site" / "out"
    done = newscast("render", ARTICLES / "plain_brief.txt", ARTICLES / "harbour_interview.txt", "--out", out,
                    "--voices", voices, "--cache", tmp_path / "cache", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    return out, voices


def _tamper(out: Path, **fields) -> str:
    """Rewrite the first library entry with ``fields``; return its id."""
    db = sqlite3.connect(out / library.LIBRARY_NAME)
    guid, data = db.execute("SELECT guid, data FROM episodes ORDER BY guid LIMIT 1").fetchone()
    entry = json.loads(data)
    entry.update(fields)
    with db:
        db.execute("UPDATE episodes SET data = ? WHERE guid = ?", (json.dumps(entry), guid))
    db.close()
    return entry["id"]


def _items(out: Path) -> list[str]:
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo
    return [e.enclosures[0].href.rsplit("/", 1)[1] for e in parsed.entries]


def _one_error(done) -> str:
    err = done.stderr.decode()
    assert done.returncode == 1 and err.startswith("Error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("where", ["../victim.txt", "ABSOLUTE", "sub/../../victim.txt", ".hidden"])
def test_remove_never_deletes_a_file_outside_the_output_folder(site, where):
    out, _ = site
    victim = out.parent / "victim.txt"
    victim.write_text("keep me")
    name = str(victim) if where == "ABSOLUTE" else where
    ident = _tamper(out, transcripts=[name, "x.srt"])
    before = sorted(p.name for p in out.iterdir())
    err = _one_error(newscast("remove", ident, "--out", out))
    assert repr(name) in err and "library" in err
    assert victim.read_text() == "keep me"
    assert sorted(p.name for p in out.iterdir()) == before  # nothing removed at all
    assert _one_error(newscast("list", "--out", out))


def test_a_merged_shard_cannot_bring_in_or_point_at_files_outside_it(site, tmp_path):
    out, _ = site
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    _tamper(out, chapters_file="../../victim.txt")
    merged = tmp_path / "merged"
    err = _one_error(newscast("feed", "--out", merged, "--merge", out))
    assert "victim" in err and victim.read_text() == "keep me"
    assert not (merged / "feed.xml").exists()


def test_a_merged_shard_with_a_symlinked_file_is_refused(site, tmp_path):
    out, _ = site
    episode = library.load(out)[0]
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site")
    (out / episode.chapters_file).unlink()
    (out / episode.chapters_file).symlink_to(secret)
    merged = tmp_path / "merged"
    err = _one_error(newscast("feed", "--out", merged, "--merge", out))
    assert "symbolic link" in err
    assert not any("not for the site" in p.read_text(errors="ignore") for p in merged.glob("*") if p.is_file())


def test_a_missing_or_truncated_mp3_is_left_out_of_the_feed_with_a_warning(site, tmp_path):
    out, voices = site
    first, second = library.load(out)
    (out / first.mp3).unlink()
    data = (out / second.mp3).read_bytes()
    (out / second.mp3).write_bytes(data[: len(data) // 2])
    done = newscast("feed", "--out", out)
    err = done.stderr.decode()
    assert done.returncode == 0 and "Traceback" not in err
    assert err.count("warning:") == 2 and first.id in err and second.id in err and "is missing" in err
    assert _items(out) == [] and published_state(out) == []
    listing = newscast("list", "--out", out).stdout.decode()
    assert listing.count("DAMAGED") == 2
    # rendering something else publishes only whole episodes, and says why once per episode
    third = newscast("render", ARTICLES / "dash_answers.txt", "--out", out, "--voices", voices,
                     "--cache", tmp_path / "cache", "--jobs", "1")
    err = third.stderr.decode()
    assert third.returncode == 0 and err.count("warning:") == 2, err
    assert len(_items(out)) == 1 and published_state(out) == []
    assert feedrules.errors((out / "feed.xml").read_bytes()) == []
    # rendering a damaged episode's article again mends it: back in the feed, same GUID
    again = newscast("render", ARTICLES / "plain_brief.txt", ARTICLES / "harbour_interview.txt", "--out", out,
                     "--voices", voices, "--cache", tmp_path / "cache", "--jobs", "1")
    assert again.returncode == 0 and "warning" not in again.stderr.decode(), again.stderr
    assert len(_items(out)) == 3 and published_state(out) == []
    assert {e.guid for e in library.load(out)} >= {first.guid, second.guid}


def test_a_damaged_episode_is_reported_by_a_warm_render_too(site, tmp_path):
    out, voices = site
    brief = next(e for e in library.load(out) if e.source.endswith("plain_brief.txt"))
    (out / brief.transcripts[1]).unlink()
    done = newscast("render", ARTICLES / "harbour_interview.txt", "--out", out, "--voices", voices,
                    "--cache", tmp_path / "cache", "--jobs", "1")
    err = done.stderr.decode()
    assert done.returncode == 0 and err.count("warning:") == 1 and brief.transcripts[1] in err, err
    assert brief.mp3 not in _items(out) and len(_items(out)) == 1
    assert published_state(out) == []


@pytest.mark.parametrize("how", ["zero-bytes", "deleted", "emptied"])
def test_a_lost_library_is_rebuilt_from_the_episodes_own_mp3s(site, how):
    out, _ = site
    before = library.load(out)
    items = _items(out)
    path = out / library.LIBRARY_NAME
    if how == "zero-bytes":
        path.write_bytes(b"")
    elif how == "deleted":
        path.unlink()
    else:
        db = sqlite3.connect(path)
        with db:
            db.execute("DELETE FROM episodes")
        db.close()
    listing = newscast("list", "--out", out)
    assert listing.returncode == 0 and "rebuilt 2" in listing.stderr.decode()
    done = newscast("feed", "--out", out)
    assert done.returncode == 0 and "rebuilt 2" in done.stderr.decode(), done.stderr
    assert sorted(_items(out)) == sorted(items)
    assert library.load(out) == before  # every field, sizes and lengths measured again
    assert newscast("feed", "--out", out).stderr == b""  # saved: said once


def test_a_lost_library_whose_episodes_cannot_be_rebuilt_is_an_error_and_the_feed_stays(site):
    from mutagen.id3 import ID3

    out, _ = site
    for episode in library.load(out):  # as an older newscast wrote them: no record inside
        tags = ID3(str(out / episode.mp3))
        tags.delall(f"TXXX:{library.RECORD}")
        tags.save(v2_version=3)
    (out / library.LIBRARY_NAME).write_bytes(b"")
    feed = (out / "feed.xml").read_bytes()
    err = _one_error(newscast("feed", "--out", out))
    assert "feed.xml lists 2" in err and "backup" in err
    assert (out / "feed.xml").read_bytes() == feed
