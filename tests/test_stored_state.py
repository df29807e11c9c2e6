"""Never trust stored state (issue 20, items 1 and 3): the library, a merged shard and the files
in the output folder may have been altered; newscast must never delete or copy outside the
folder, never publish a broken enclosure, and never lose episodes silently."""

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest

from newscast.site import library

from . import feedrules
from .conftest import make_silent_voices, without_progress
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


def _audio(mp3: Path) -> bytes:
    """The MP3's frames, without its ID3 tag."""
    data = mp3.read_bytes()
    return data[10 + ((data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | (data[9] & 0x7F)):]


def _one_error(done) -> str:
    """The one Error: line of a refused run (a run that took over 10 s may show progress lines first)."""
    err = without_progress(done.stderr.decode())
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
    assert [replace(e, cached_segments=0) for e in library.load(out)] == [replace(e, cached_segments=0) for e in before]
    # every field back, sizes and lengths measured again (how many segments the cache held is not kept)
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


# Issue 20, item 4: one bad input fails itself, with one line, never the batch with a traceback.

def test_an_article_with_more_sections_than_an_id3_table_holds_renders(tmp_path):
    from mutagen.id3 import ID3

    voices = make_silent_voices(tmp_path / "voices")
    article = tmp_path / "sections.md"
    article.write_text("# Many sections\n\n" + "".join(f"## Part {i}\n\nLine {i} of the story.\n\n" for i in range(300)))
    out = tmp_path / "out"
    done = newscast("render", article, "--out", out, "--voices", voices, "--cache", tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    tags = ID3(str(next(out.glob("*.mp3"))))
    chapters = tags.getall("CHAP")
    assert len(chapters) == 255 and len(tags.getall("CTOC")[0].child_element_ids) == len(chapters)
    assert sorted(c.element_id for c in chapters) == sorted(tags.getall("CTOC")[0].child_element_ids)
    assert published_state(out) == []


def test_a_file_name_that_is_not_utf8_fails_alone(tmp_path):
    import os

    voices = make_silent_voices(tmp_path / "voices")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes((ARTICLES / "plain_brief.txt").read_bytes())
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(b"Harbour news\n\nThe quay opens in May, the council said on Tuesday.\n")
    out = tmp_path / "out"
    done = newscast("render", folder, "--out", out, "--voices", voices, "--cache", tmp_path / "cache", "--json")
    err = _one_error(done)
    assert "not valid UTF-8" in err and "caf\ufffd.txt" in err
    assert len(_items(out)) == 1  # the good article is published


@pytest.mark.parametrize("case", ["long-argument", "list-cycle", "pubdate-9999"])
def test_bad_arguments_are_one_error_line(tmp_path, case):
    voices = make_silent_voices(tmp_path / "voices")
    args = [ARTICLES / "plain_brief.txt"]
    if case == "long-argument":
        args.append("x" * 300 + ".txt")
    elif case == "list-cycle":
        listing = tmp_path / "tonight.list"
        listing.write_text(f"{ARTICLES / 'plain_brief.txt'}\n@{tmp_path / 'other.list'}\n")
        (tmp_path / "other.list").write_text(f"@{listing}\n")
        args = [f"@{listing}"]
    else:
        args += ["--pubdate", "9999-12-31T23:59-05:00"]
    out = tmp_path / "out"
    err = _one_error(newscast("render", *args, "--out", out, "--voices", voices, "--cache", tmp_path / "cache"))
    assert {"long-argument": "longer than file names", "list-cycle": "includes itself",
            "pubdate-9999": "outside the years"}[case] in err


def test_hand_edited_side_files_do_not_break_later_renders_or_the_feed(site, tmp_path):
    out, voices = site
    first, second = library.load(out)
    (out / first.chapters_file).write_text("[]")
    (out / first.transcripts[0]).write_bytes("WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ren\xe9e>Caf\xe9\n".encode("latin-1"))
    (out / second.chapters_file).write_text('{"chapters": [{"title": 3}, "x", {"startTime": 0, "title": "Ok"}]}')
    for args in (("feed", "--out", out),
                 ("render", ARTICLES / "dash_answers.txt", "--out", out, "--voices", voices, "--cache", tmp_path / "c")):
        done = newscast(*args)
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    page = (out / "index.html").read_text()
    assert "Caf\ufffd" in page and ">0:00 Ok<" in page


# Issue 20, item 5: cache entries are verified before use; an unwritable cache costs speed only.

@pytest.mark.parametrize("damage", ["cut-short", "zero-bytes", "garbage", "folder", "flipped-sample"])
def test_a_damaged_cached_clip_is_dropped_and_spoken_again(tmp_path, damage):
    import shutil

    voices = make_silent_voices(tmp_path / "voices")
    cache = tmp_path / "cache"
    first = newscast("render", ARTICLES / "plain_brief.txt", "--out", tmp_path / "a", "--voices", voices,
                     "--cache", cache, "--pubdate", "2026-11-27", "--jobs", "1")
    assert first.returncode == 0
    clips = sorted((cache / "clips").rglob("*.wav"), key=lambda p: -p.stat().st_size)
    clip = clips[0]
    data = clip.read_bytes()
    if damage == "cut-short":
        clip.write_bytes(data[: len(data) // 2])
    elif damage == "zero-bytes":
        clip.write_bytes(b"")
    elif damage == "garbage":
        clip.write_bytes(b"RIFF" + bytes(range(256)) * 8)
    elif damage == "folder":
        clip.unlink()
        (clip / "inside").mkdir(parents=True)
    else:
        clip.write_bytes(data[:2000] + bytes([data[2000] ^ 0x40]) + data[2001:])
    done = newscast("render", ARTICLES / "plain_brief.txt", "--out", tmp_path / "b", "--voices", voices,
                    "--cache", cache, "--pubdate", "2026-11-27", "--jobs", "1")
    err = done.stderr.decode()
    assert done.returncode == 0 and err.count("warning:") == 1 and "damaged clip" in err, err
    (a,), (b,) = (sorted((tmp_path / d).glob("*.mp3")) for d in ("a", "b"))
    assert _audio(a) == _audio(b)  # the same episode, not a shorter one (the tags differ: clips cached)
    assert clip.is_file() and clip.read_bytes() == data  # spoken again into the cache
    shutil.rmtree(tmp_path / "b")


def test_an_unwritable_cache_costs_speed_not_the_render(tmp_path):
    voices = make_silent_voices(tmp_path / "voices")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    spares = set(Path("/tmp").glob("newscast-spare-*"))
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        done = newscast("render", ARTICLES / "harbour_interview.txt", "--out", out, "--voices", voices,
                        "--cache", blocker / "cache", "--jobs", jobs)
        err = done.stderr.decode()
        assert done.returncode == 0 and err.count("warning:") == 1 and "could not be written" in err, err
        assert len(_items(out)) == 1 and published_state(out) == []
    assert set(Path("/tmp").glob("newscast-spare-*")) == spares  # the clips kept aside are gone with the run


# Issue 20, item 7: inputs that never end or block are refused without being read.

@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_devices_and_fifos_are_refused_without_reading_them(tmp_path, kind):
    import os

    voices = make_silent_voices(tmp_path / "voices")
    if kind == "device":
        source = Path("/dev/zero")
    else:
        source = tmp_path / "pipe.txt"
        os.mkfifo(source)  # nobody ever writes: reading it would block for ever
    out = tmp_path / "out"
    done = newscast("render", source, ARTICLES / "plain_brief.txt", "--out", out, "--voices", voices,
                    "--cache", tmp_path / "cache")
    err = _one_error(done)
    assert "is not a regular file" in err and str(source) in err
    assert len(_items(out)) == 1
    script = newscast("script", source)
    assert _one_error(script) and b"is not a regular file" in script.stderr


# Issue 20, item 6: Ctrl-C or SIGTERM at any moment ends every process within seconds, one line.

def _group_alive(pgid: int) -> bool:
    import os

    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("how, jobs, after", [("SIGINT-group", "1", 0.8), ("SIGTERM", "1", 0.8),
                                              ("SIGTERM", "2", 0.8), ("SIGINT-group", "2", 0.0)])
def test_an_interrupted_render_stops_everything_and_the_next_run_finishes(tmp_path, how, jobs, after):
    import os
    import signal
    import subprocess
    import sys
    import time

    from .conftest import EXAMPLE, ROOT

    voices = make_silent_voices(tmp_path / "voices")
    out, cache = tmp_path / "out", tmp_path / "cache"
    cmd = [sys.executable, "-m", "newscast", "render", str(EXAMPLE), "--out", str(out), "--voices", str(voices),
           "--cache", str(cache), "--jobs", jobs, "--progress", "lines"]
    from .conftest import default_signals

    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=default_signals)
    seen = b""
    while b"episodes:" not in seen:  # the encode stage has begun
        line = proc.stderr.readline()
        assert line, f"render ended before encoding: {seen!r}"
        seen += line
    time.sleep(after)
    if how == "SIGTERM":
        os.kill(proc.pid, signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends
    started = time.monotonic()
    try:
        rest = proc.communicate(timeout=15)[1]
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError(f"{how} with --jobs {jobs}: still running after 15 s")
    took = time.monotonic() - started
    deadline = time.monotonic() + 5
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _group_alive(proc.pid), "a worker or ffmpeg outlived the render"
    if proc.returncode == 0:  # the encode finished before the signal landed: nothing to judge
        pytest.skip("the render finished first")
    assert proc.returncode == 130 and b"Traceback" not in rest and rest.count(b"Interrupted") == 1, rest
    assert took < 10
    assert published_state(out) == []
    done = newscast("render", EXAMPLE, "--out", out, "--voices", voices, "--cache", cache, "--json")
    assert done.returncode == 0, done.stderr
    import json

    assert json.loads(done.stdout)["episodes"][0]["fresh_clips"] == 0  # every clip spoken before is reused
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != library.LOCK_NAME]


# Issue 20, item 2: bounded by design — what would not fit is refused before anything is spoken.

def test_an_article_too_long_for_one_episode_is_refused_before_speaking(tmp_path):
    voices = make_silent_voices(tmp_path / "voices")
    # every sentence different: a repeated one would be read once (nothing is read twice)
    paragraph = ("In session {i}-{j} the harbour council met again on Tuesday to discuss the ferry timetable and "
                 "the new quay, and members said the plan would be put to a vote next month. ")
    article = tmp_path / "long.txt"
    article.write_text("A long report\n\n" + "\n\n".join(
        f"Part {i}. " + "".join(paragraph.format(i=i, j=j) for j in range(4)) for i in range(1400)))
    assert 700_000 < article.stat().st_size < 5 * 1024 * 1024
    out = tmp_path / "out"
    done = newscast("render", article, ARTICLES / "plain_brief.txt", "--out", out, "--voices", voices,
                    "--cache", tmp_path / "cache")
    err = _one_error(done)
    assert "hours of speech" in err and "split the article" in err
    assert len(_items(out)) == 1


def test_an_edited_script_of_twenty_thousand_segments_is_refused(tmp_path):
    voices = make_silent_voices(tmp_path / "voices")
    segments = [{"kind": "paragraph", "text": f"Line {i} of a very long script that goes on.",
                 "spoken": f"Line {i} of a very long script that goes on."} for i in range(20000)]
    script = tmp_path / "huge.script.json"
    script.write_text(json.dumps({"title": "Huge", "source": "huge.txt", "segments": segments}))
    err = _one_error(newscast("render", script, "--out", tmp_path / "out", "--voices", voices,
                              "--cache", tmp_path / "cache"))
    assert "hours of speech" in err


def test_one_huge_paragraph_is_split_into_sentences_in_linear_time():
    from newscast.voice.sentences import _sentences

    text = " ".join(f"Sentence number {i} tells of the harbour and the quay." for i in range(20000))  # ~1 MB
    found = _sentences(text)
    assert len(found) == 20000 and found[0] == "Sentence number 0 tells of the harbour and the quay."
    assert " ".join(found) == text


def test_a_stored_date_feeds_cannot_show_is_left_out_then_mended(site, tmp_path):
    out, voices = site
    ident = _tamper(out, pub_date="9999-12-31T23:59:00-05:00")  # as --pubdate could store it before
    done = newscast("feed", "--out", out)
    assert done.returncode == 0 and b"not one feeds can show" in done.stderr and b"Traceback" not in done.stderr
    assert len(_items(out)) == 1 and feedrules.errors((out / "feed.xml").read_bytes()) == []
    source = next(e.source for e in library.load(out) if e.id == ident)
    again = newscast("render", source, "--out", out, "--voices", voices, "--cache", tmp_path / "cache")
    assert again.returncode == 0, again.stderr
    assert len(_items(out)) == 2 and all(library.valid_date(e.pub_date) for e in library.load(out))
