"""The CLI as a user meets it: real processes, exact Error: lines, exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE, without_progress


def newscast(*args, input=None, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "newscast", *map(str, args)], capture_output=True,
                          input=input, cwd=cwd, env=env, timeout=300)


def test_every_command_has_help():
    top = newscast("--help")
    assert top.returncode == 0
    for command in ("render", "script", "voices", "voices preview"):
        assert command.split()[0] in top.stdout.decode()
        out = newscast(*command.split(), "--help")
        assert out.returncode == 0 and len(out.stdout.decode().split("\n")[3]) > 0


def test_voices_preview(tmp_path, silent_voices):
    from mutagen.mp3 import MP3

    out = newscast("voices", "preview", "expert", "A short audition line.", "-o", tmp_path / "p.mp3",
                   "--voices", silent_voices)
    assert out.returncode == 0, out.stderr
    assert MP3(str(tmp_path / "p.mp3")).info.length > 1
    missing = newscast("voices", "preview", "nobody", "-o", tmp_path / "q.mp3", "--voices", silent_voices)
    assert missing.returncode == 1 and b"'nobody' is neither a voice profile" in missing.stderr
    assert not (tmp_path / "q.mp3").exists()


def test_usage_error_exits_2():
    assert newscast("render").returncode == 2
    assert newscast("frobnicate").returncode == 2


def test_script_json_contract():
    out = newscast("script", EXAMPLE, "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert set(doc) >= {"title", "speakers", "removed", "segments"}
    for seg in doc["segments"]:
        assert set(seg) >= {"kind", "section", "speaker", "role", "voice", "text", "spoken"}
        assert seg["spoken"] and seg["voice"]
    assert doc["speakers"] == {"Archyde News": "interviewer", "Dr. Anya Petrova": "expert"}
    voices = {seg["role"]: seg["voice"] for seg in doc["segments"]}
    assert len({voices["narrator"], voices["interviewer"], voices["expert"]}) == 3


def test_script_reads_stdin():
    out = newscast("script", "-", "--json", input=b"Headline Here\n\nDr. Who said \xc2\xa35m was spent.\n")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["title"] == "Headline Here"
    paragraph = next(s for s in doc["segments"] if s["kind"] == "paragraph")
    assert paragraph["spoken"] == "Doctor Who said five million pounds was spent."
    assert [s["kind"] for s in doc["segments"]] == ["intro", "title", "paragraph", "outro"]


def test_voices_lists_engines():
    out = newscast("voices", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert {"narrator", "interviewer", "expert"} <= {v["id"] for v in doc["voices"]}
    assert doc["engines"]["pyttsx3"]["available"] is True and doc["engines"]["espeak"]["available"] is True
    assert set(doc["engines"]) >= {"pyttsx3", "espeak", "piper", "silent"}


def _file(name, data):
    def make(folder):
        path = folder / name
        path.write_bytes(data)
        return path
    return make


@pytest.mark.parametrize("make, needle", [
    (lambda d: d / "missing.txt", "missing.txt: no such file; check the path"),
    (_file("empty.txt", b""), "empty.txt: is empty; pass a file with article text"),
    (_file("bin.txt", bytes(range(256)) * 8), "bin.txt: looks like binary data"),
    (_file("junk.txt", b"Leave a Comment\n\nAdblock Detected\n"), "no article text left"),
    (lambda d: d, "is a folder"),
])
@pytest.mark.parametrize("command", ["script", "render"])
def test_bad_input_is_one_error_line_exit_1(tmp_path, make, needle, command):
    target = make(tmp_path)
    extra = ["--out", tmp_path / "out", "--engine", "silent"] if command == "render" else []
    out = newscast(command, target, *extra)
    err = without_progress(out.stderr.decode())
    assert out.returncode == 1
    assert err.startswith("Error: ") and err.count("\n") == 1, err
    assert needle in err
    assert "Traceback" not in err


def test_failed_input_leaves_existing_episodes_and_feed_intact(tmp_path, silent_voices):
    good = tmp_path / "good.txt"
    good.write_text("Good Story\n\nA short paragraph that renders fine.\n")
    out_dir = tmp_path / "out"
    first = newscast("render", good, "--out", out_dir, "--voices", silent_voices, "--json")
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    second = newscast("render", tmp_path / "nope.txt", good, "--out", out_dir, "--voices", silent_voices, "--json")
    assert second.returncode == 1
    report = json.loads(second.stdout)
    assert [f["input"] for f in report["failures"]] == [str(tmp_path / "nope.txt")]
    assert len(report["episodes"]) == 1  # the good one still rendered
    after = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    assert set(after) == set(before)
    assert after[report["episodes"][0]["mp3"].split("/")[-1]]


def test_tts_failure_is_one_error_line(tmp_path, silent_voices):
    (silent_voices / "narrator.toml").write_text('engine = "pyttsx3"\nvoice = "gmw/xx-nowhere"\n')
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nSome text to read.\n")
    out = newscast("render", article, "--out", tmp_path / "out", "--voices", silent_voices)
    err = without_progress(out.stderr.decode())
    assert out.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err
    # refused where it is written, before anything is read or spoken
    assert err.startswith(f"Error: {silent_voices / 'narrator.toml'}: espeak-ng has no voice 'gmw/xx-nowhere'")
    assert not (tmp_path / "out" / "feed.xml").exists()


def test_version_and_the_debug_switch(tmp_path, monkeypatch, capsys):
    """`newscast --version`; a bug in one article is one 'unexpected' line, and with
    NEWSCAST_DEBUG=1 that line and then the bug's own traceback (the batch stops)."""
    import pytest

    from newscast import __version__
    from newscast.render import pipeline

    from .conftest import make_silent_voices

    shown = newscast("--version")
    assert shown.returncode == 0 and shown.stdout.decode().strip() == f"newscast {__version__}"
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nSome text of the article that is long enough to be read.\n")

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(pipeline, "build_script", broken)
    options = dict(voices_dir=make_silent_voices(tmp_path / "voices"), cache=tmp_path / "cache", jobs=1)
    monkeypatch.delenv("NEWSCAST_DEBUG", raising=False)
    result = pipeline.render([str(article)], tmp_path / "out", **options)
    assert "unexpected RuntimeError (a bug)" in result.failures[0][1] and "NEWSCAST_DEBUG=1" in result.failures[0][1]
    monkeypatch.setenv("NEWSCAST_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):
        pipeline.render([str(article)], tmp_path / "out", **options)
    assert "Error: " in capsys.readouterr().err


def test_help_walks_every_command_and_every_option_has_help():
    """Every command and sub-command answers --help, every option and argument says what it does, and
    no option row shows a type name (``<bool>``, ``<str>``)."""
    import typer.main
    from typer.testing import CliRunner

    from newscast.cli import app

    runner = CliRunner()
    seen = []

    def walk(command, path: list[str]) -> None:  # noqa: ANN001 - typer's click command
        shown = runner.invoke(app, [*path, "--help"])
        assert shown.exit_code == 0, (path, shown.output)
        options = shown.output.split("Options", 1)[-1].split("Commands", 1)[0]
        noise = [t for t in ("<bool>", "<str>", "<path>", "<int", "<float>", "<list") if t in options]
        assert not noise, (path, noise, options)  # a flag shows nothing, a value its name (TEXT, FOLDER, N)
        for param in command.params:
            if param.name != "help":
                assert getattr(param, "help", None), (path, param.name)
        seen.append(" ".join(path))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    assert {"render", "script", "voices", "voices preview", "list", "remove", "feed", "cache info", "serve", "init"} <= set(seen), seen


def test_on_a_terminal_progress_goes_to_stderr_and_stdout_is_only_the_json(tmp_path, silent_voices):
    """render --json with stderr on a pseudo-terminal (bars drawn) and stdout piped: stdout parses."""
    import json
    import os
    import pty
    import threading

    from .conftest import EXAMPLE

    leader, follower = pty.openpty()
    drawn: list[bytes] = []

    def read() -> None:  # drain the terminal while the render runs (a full pty blocks the writer)
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            drawn.append(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    proc = subprocess.Popen([sys.executable, "-m", "newscast", "render", str(EXAMPLE), "--out", str(tmp_path / "out"),
                             "--voices", str(silent_voices), "--json", "--progress", "auto"],
                            stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    out, _ = proc.communicate(timeout=300)
    reader.join(timeout=10)
    os.close(leader)
    terminal = b"".join(drawn)
    assert proc.returncode == 0, terminal[-2000:]
    report = json.loads(out)  # nothing but the JSON
    assert report["episodes"][0]["mp3"].endswith(".mp3")
    assert b"\x1b[" in terminal  # the bars were drawn, on the terminal (stderr)


@pytest.mark.parametrize("magic, what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF document; copy its text into a .txt file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "is an old Word or Office document"),
])
def test_a_pdf_an_image_or_an_office_file_named_txt_is_named_for_what_it_is(tmp_path, magic, what):
    bad = tmp_path / "article.txt"
    bad.write_bytes(magic + b"\x00" * 200)
    done = newscast("script", bad)
    err = done.stderr.decode().strip()
    assert done.returncode == 1 and err.startswith(f"Error: {bad}: {what}") and err.count("\n") == 0
    assert "UTF-8" not in done.stderr.decode() and "pass a .txt file" not in done.stderr.decode()


def test_a_word_document_is_named_and_nothing_is_created_for_a_render_with_no_valid_input(tmp_path, silent_voices):
    import zipfile

    docx = tmp_path / "story.docx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    done = newscast("render", docx, "--out", tmp_path / "out", "--voices", silent_voices)
    assert done.returncode == 1 and "is a Word document (DOCX); save it as plain text" in done.stderr.decode()
    assert not (tmp_path / "out").exists()  # no empty folder, no lock file left behind


@pytest.mark.parametrize("out, said", [("ep.mp3", "looks like a file's name"), ("afile", "is a file")])
def test_out_that_names_a_file_is_refused_with_what_out_is(tmp_path, silent_voices, out, said):
    (tmp_path / "afile").write_text("keep me")
    done = newscast("render", EXAMPLE, "--out", tmp_path / out, "--voices", silent_voices)
    err = done.stderr.decode()
    assert done.returncode == 1 and said in err and "--out names the folder episodes go to" in err
    assert not (tmp_path / "ep.mp3").exists() and (tmp_path / "afile").read_text() == "keep me"


def test_an_installed_wheel_has_the_bundled_voices_outside_the_checkout(tmp_path):
    """`pip install` of the wheel, run from another folder: the voices ship inside the package."""
    import os

    import shutil

    root = Path(__file__).resolve().parents[1]
    tree = tmp_path / "tree"  # built from a copy: the checkout gets no build/ folder
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (root / name).exists():
            tree.mkdir(exist_ok=True)
            shutil.copy(root / name, tree / name)
    shutil.copytree(root / "src", tree / "src", symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(root / "voices", tree / "voices")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(tree)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("newscast-*.whl")
    site = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr[-2000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "a.txt").write_text("Harbour plan approved\n\nThe council approved the plan on Tuesday after a long debate.\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-m", "newscast", "script", "a.txt", "--json"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    import json

    assert json.loads(done.stdout)["segments"][0]["voice"]  # cast from the bundled voices, not "no voices/ folder"
    found = subprocess.run([sys.executable, "-c", "import newscast.settings.voices as v; print(v.BUNDLED_VOICES)"],
                           cwd=work, env=env, capture_output=True, text=True, timeout=60)
    assert found.stdout.strip().startswith(str(site))


@pytest.mark.parametrize("args, said", [
    (("rendr", "x.txt"), "Error: No such command 'rendr'. Did you mean 'render'? (see: newscast --help)"),
    (("render", "x.txt", "--bogus"), "Error: No such option: --bogus"),
    (("render", "x.txt", "--engine", "kokor"), "Error: --engine kokor: no such engine; did you mean 'kokoro'?"),
    (("render",), "Error: Missing argument 'INPUT'."),
])
def test_a_usage_error_is_one_error_line_and_exit_2_before_anything_is_read(tmp_path, args, said):
    done = newscast(*args, cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 2 and err.startswith(said) and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []  # no output/ made


def test_voices_preview_takes_an_engine_voice_by_name_and_a_misspelt_one_gets_the_nearest(tmp_path, silent_voices):
    from mutagen.mp3 import MP3

    done = newscast("voices", "preview", "gmw/en-us+f3", "A short line.", "-o", tmp_path / "e.mp3", "--voices", silent_voices)
    assert done.returncode == 0, done.stderr
    assert MP3(str(tmp_path / "e.mp3")).info.length > 0.5
    wrong = newscast("voices", "preview", "af_belle", "x", "-o", tmp_path / "x.mp3", "--voices", silent_voices)
    assert wrong.returncode == 1 and b"did you mean 'af_bella'?" in wrong.stderr and not (tmp_path / "x.mp3").exists()


@pytest.mark.parametrize("pubdate, said, feed_day", [
    (None, "Saturday, 14 March 2026", "Sat, 14 Mar 2026"),  # the article's own date, in the intro and the feed
    ("2026-11-27", "Friday, 27 November 2026", "Fri, 27 Nov 2026"),  # --pubdate, in both
])
def test_an_episode_has_one_date_in_its_intro_and_its_feed(tmp_path, silent_voices, pubdate, said, feed_day):
    import feedparser

    page = tmp_path / "story.html"
    page.write_text('<html lang="en"><head><title>Harbour plan approved</title>'
                    '<meta property="article:published_time" content="2026-03-14T09:00:00+00:00"></head><body><article>'
                    "<h1>Harbour plan approved</h1><p>The council approved the harbour plan on Saturday after a long "
                    "debate in the chamber, with a narrow majority.</p><p>Work will begin next spring and take five "
                    "years, the council said in a statement.</p></article></body></html>")
    args = ["render", page, "--out", tmp_path / "out", "--voices", silent_voices] + (["--pubdate", pubdate] if pubdate else [])
    done = newscast(*args)
    assert done.returncode == 0, done.stderr
    vtt = next((tmp_path / "out").glob("*.vtt")).read_text()
    assert said in vtt
    entry = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes()).entries[0]
    assert entry.published.startswith(feed_day)
