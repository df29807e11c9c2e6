"""Batch rendering: inputs, --jobs, the content-addressed cache, reports, shards and merging, the cache command."""

import io
import json
import os
import time

import feedparser
import podcastparser
import pytest

from newscast.site import library

from . import feedrules
from .conftest import DATA, make_silent_voices
from .test_cli import newscast

ARTICLES = DATA / "articles"
TWO = (ARTICLES / "plain_brief.txt", ARTICLES / "harbour_interview.txt")


def render_json(*args):
    done = newscast("render", *args, "--json")
    assert done.returncode in (0, 1), done.stderr
    return done, json.loads(done.stdout)


@pytest.mark.integration
def test_output_is_the_same_bytes_whatever_jobs_is(tmp_path):
    """Real engine, real encoder: one worker and two workers, each from an empty cache, give identical files."""
    runs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        done, report = render_json(*TWO, "--out", out, "--cache", tmp_path / f"cache{jobs}", "--jobs", jobs,
                                   "--pubdate", "2026-11-28")
        assert done.returncode == 0 and [e["fresh_clips"] > 0 for e in report["episodes"]] == [True, True]
        runs.append({p.name: p.read_bytes() for p in out.iterdir() if p.is_file()})
    assert runs[0].keys() == runs[1].keys() and len(runs[0]) >= 12
    different = [name for name in runs[0] if runs[0][name] != runs[1][name]]
    assert different in ([], ["library.db"])  # the database's pages depend on the order episodes finished in...
    assert library.load(tmp_path / "out1") == library.load(tmp_path / "out2")  # ...its contents do not


def test_cache_report_reuse_and_one_edited_paragraph(tmp_path):
    voices = make_silent_voices(tmp_path / "voices")
    article = tmp_path / "story.txt"
    article.write_text((ARTICLES / "harbour_interview.txt").read_text(encoding="utf-8"), encoding="utf-8")
    common = ("--out", tmp_path / "out", "--cache", tmp_path / "cache", "--voices", voices)
    _, first = render_json(article, *common)
    ep = first["episodes"][0]
    assert ep["fresh_clips"] > 5 and ep["cached_clips"] == 0 and ep["reused"] is False
    assert set(ep["seconds"]) == {"script", "mix", "encode"} and set(first["seconds"]) >= {"synthesis", "total"}
    mp3 = tmp_path / "out" / os.path.basename(ep["mp3"])
    before = mp3.stat().st_mtime_ns
    _, again = render_json(article, *common)
    ep2 = again["episodes"][0]
    assert ep2["reused"] is True and ep2["fresh_clips"] == 0 and ep2["cached_clips"] == ep["fresh_clips"]
    assert mp3.stat().st_mtime_ns == before  # not re-encoded
    text = article.read_text(encoding="utf-8")
    first_para = next(p for p in text.split("\n\n")[2:] if len(p.split()) > 12)
    article.write_text(text.replace(first_para, first_para + " One more sentence was added here today."), encoding="utf-8")
    _, edited = render_json(article, *common)
    ep3 = edited["episodes"][0]
    assert ep3["reused"] is False and 1 <= ep3["fresh_clips"] <= 3 and ep3["cached_clips"] >= ep["fresh_clips"] - 3
    info = json.loads(newscast("cache", "info", "--cache", tmp_path / "cache", "--json").stdout)
    assert info["clips"] == ep["fresh_clips"] + ep3["fresh_clips"] and info["bytes"] > 0
    for wav in (tmp_path / "cache" / "clips").glob("??/*.wav"):
        os.utime(wav, (time.time() - 40 * 86400,) * 2)
    pruned = newscast("cache", "prune", "--cache", tmp_path / "cache", "--older-than", "30")
    assert pruned.returncode == 0 and f"removed {info['clips']} clips" in pruned.stdout.decode()
    assert newscast("cache", "prune", "--cache", tmp_path / "cache").returncode == 2  # says what to prune


def test_inputs_folders_globs_lists_and_failures(tmp_path):
    voices = make_silent_voices(tmp_path / "voices")
    folder = tmp_path / "articles"
    folder.mkdir()
    for p in TWO:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "notes.jpg").write_bytes(b"not an article")
    listing = tmp_path / "batch.list"
    listing.write_text(f"# tonight\n{folder / 'plain_brief.txt'}\n")
    common = ("--out", tmp_path / "out", "--cache", tmp_path / "cache", "--voices", voices)
    done, report = render_json(folder, f"@{listing}", str(folder / "*.txt"), *common)
    assert done.returncode == 0 and len(report["episodes"]) == 2  # each input once
    missing = tmp_path / "gone.txt"
    done, report = render_json(missing, TWO[0], *common)
    assert done.returncode == 1 and len(report["episodes"]) == 1 and report["failures"][0]["input"] == str(missing)
    assert done.stderr.decode().count("Error: ") == 1 and "gone.txt: no such file" in done.stderr.decode()
    done, report = render_json(missing, TWO[1], *common, "--fail-fast")
    assert done.returncode == 1 and report["episodes"] == [] and len(report["failures"]) == 1
    lines = newscast("render", TWO[0], *common, "--progress", "lines")
    assert lines.returncode == 0 and "articles:" in lines.stderr.decode()
    assert newscast("render", TWO[0], *common, "--progress", "loud").returncode == 2


def test_shards_split_the_inputs_and_merge_into_one_feed(tmp_path):
    voices = make_silent_voices(tmp_path / "voices")
    inputs = [p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".md", ".html")]
    assert len(inputs) >= 6
    shards = []
    for k in (1, 2, 3):
        done, report = render_json(*inputs, "--shard", f"{k}/3", "--out", tmp_path / f"shard{k}",
                                   "--cache", tmp_path / "cache", "--voices", voices)
        assert done.returncode == 0, done.stderr
        shards.append({e["input"] for e in report["episodes"]})
    assert sum(len(s) for s in shards) == len(inputs) and set().union(*shards) == {str(p) for p in inputs}
    site = tmp_path / "site"
    merged = newscast("feed", "--out", site, *sum((["--merge", tmp_path / f"shard{k}"] for k in (1, 2, 3)), []))
    assert merged.returncode == 0 and f"{len(inputs)} episodes merged, 0 duplicates" in merged.stdout.decode()
    again = newscast("feed", "--out", site, "--merge", tmp_path / "shard1")
    assert "0 episodes merged" in again.stdout.decode()
    data = (site / "feed.xml").read_bytes()
    parsed = podcastparser.parse("http://127.0.0.1:8000/feed.xml", io.BytesIO(data))
    guids = [e["guid"] for e in parsed["episodes"]]
    assert len(guids) == len(set(guids)) == len(inputs)
    assert not feedparser.parse(data).bozo and feedrules.errors(data) == []
    for e in parsed["episodes"]:
        name = e["enclosures"][0]["url"].rsplit("/", 1)[1]
        assert (site / name).stat().st_size == e["enclosures"][0]["file_size"]
    bad = newscast("render", TWO[0], "--shard", "4/3", "--out", tmp_path / "x", "--voices", voices)
    assert bad.returncode == 1 and b"--shard" in bad.stderr


def test_unchanged_article_file_is_reused_without_building_its_script(tmp_path, monkeypatch):
    """The input key (file bytes + every setting + newscast's code) lets an unchanged article skip
    parsing and normalizing; any change to one of them takes the full route again."""
    from newscast.render import keys, pipeline

    voices = make_silent_voices(tmp_path / "voices")
    article = tmp_path / "story.txt"
    article.write_text((ARTICLES / "plain_brief.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    built = []
    real_build = pipeline.build_script
    monkeypatch.setattr(pipeline, "build_script", lambda *a, **k: built.append(a[0].name) or real_build(*a, **k))

    def run():
        built.clear()
        report = pipeline.render([str(article)], out, voices_dir=voices, cache=cache).reports[0]
        return report, list(built)

    first, calls = run()
    assert not first.reused and calls == [str(article)] and first.episode.input_key
    again, calls = run()
    assert again.reused and calls == []  # not even parsed
    assert again.episode == first.episode

    (voices / "lexicon.toml").write_text('[respell]\n"harbour" = "harbor"\n')  # a setting scripts are made from
    relexed, calls = run()
    assert calls == [str(article)]
    assert run()[1] == []  # and remembered

    monkeypatch.setattr(keys, "_code_identity", ["newscast changed"])  # new code, same script:
    recoded, calls = run()
    assert calls == [str(article)] and recoded.reused  # rebuilt, found unchanged, not re-encoded
    assert library.load(out)[0].input_key == recoded.episode.input_key != relexed.episode.input_key
    assert run()[1] == []

    article.write_text(article.read_text(encoding="utf-8") + "\n\nOne more paragraph about the harbour.\n",
                       encoding="utf-8")
    edited, calls = run()
    assert calls == [str(article)] and not edited.reused and edited.fresh_clips > 0


def test_code_identity_follows_the_libraries_scripts_are_made_with(monkeypatch):
    """Upgrading trafilatura (or another script library) must make every article's script be derived again."""
    from importlib import metadata

    from newscast.render import keys

    monkeypatch.setattr(keys, "_code_identity", [])
    before = keys.code_identity()
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "99.0" if name == "trafilatura" else real(name))
    monkeypatch.setattr(keys, "_code_identity", [])
    assert keys.code_identity() != before


def test_auto_progress_off_a_terminal_is_plain_lines_once_the_run_is_long(capsys, monkeypatch):
    """``--progress auto`` in a CI log or under nohup: nothing for a quick run (a bad input stays one
    ``Error:`` line), then a plain line per phase, per quarter of the clips and per finished article."""
    from newscast.render.progress import Progress

    monkeypatch.setenv("CI", "1")
    assert Progress.choose("auto", quiet=False) == "log" and Progress.choose("auto", quiet=True) == "none"
    shown = Progress("log")
    shown.stage("articles", 2)
    shown.advance("articles", 1, "done a.txt")
    assert capsys.readouterr().err == ""  # within the quiet start
    monkeypatch.setattr(shown, "quiet_until", 0.0)  # as if the run had taken longer
    shown.stage("clips", 8)
    for _ in range(8):
        shown.advance("clips", 1)
    shown.advance("articles", 1, "done b.txt")
    lines = [line.split("] ", 1)[1] for line in capsys.readouterr().err.splitlines()]
    assert lines == ["clips: 8 to do", "clips: 2 of 8 done", "clips: 4 of 8 done", "clips: 6 of 8 done",
                     "clips: 8 of 8 done", "articles: done b.txt"]
