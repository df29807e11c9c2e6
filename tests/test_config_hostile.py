"""Configuration as a hostile user writes it (issue 20, item 8): every mistake is one Error line
naming the file and the field, never a traceback, never silently accepted."""

import struct
import zlib

import pytest

from .conftest import make_silent_voices, without_progress
from .test_cli import newscast
from .test_safety import ARTICLES


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels (no pixel data: it must be refused by its size)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IEND", b""))


SHOW_CASES = [  # (newscast.toml text, fragment of the one Error line)
    ("production = 5\n", "production must be a table"),
    ('pauses = "x"\n', "pauses must be a table"),
    ("[[production]]\nintro = true\n", "production must be a table"),
    ("[production]\nmusic_db = 1e308\n", "music_db"),
    ("[production]\nmusic_db = -200\n", "outside -60 to 6"),
    ("[producton]\nintro = false\n", "did you mean [production]"),
    ("[pauses]\nstart = true\n", "[pauses] start = True"),
    ("[production]\nintor = false\n", "did you mean 'intro'"),
    ('image = "/etc/passwd"\n', "not a JPEG or PNG"),
    ('image = "notes.txt"\n', "not a JPEG or PNG"),
    ('image = "huge.png"\n', "more than 4000x4000 pixels"),
    ('image = "wide.png"\n', "5000x100 pixels is outside"),
    ('image = "broken.png"\n', "does not decode"),
]


@pytest.mark.parametrize("text, expect", SHOW_CASES, ids=[c[1] for c in SHOW_CASES])
def test_show_config_mistakes_are_one_error_line(tmp_path, text, expect):
    voices = make_silent_voices(tmp_path / "voices")
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "huge.png").write_bytes(_png_header(20000, 20000))
    (tmp_path / "wide.png").write_bytes(_png_header(5000, 100))
    (tmp_path / "broken.png").write_bytes(_png_header(2000, 2000)[:-12] + b"\0" * 40)
    config = tmp_path / "newscast.toml"
    config.write_text(text)
    out = tmp_path / "out"
    done = newscast("render", ARTICLES / "plain_brief.txt", "--out", out, "--voices", voices, "--config", config,
                    "--cache", tmp_path / "cache", cwd=tmp_path)
    err = without_progress(done.stderr.decode())
    assert done.returncode == 1 and err.startswith("Error: ") and err.count("\n") == 1, err
    assert expect in err and (str(config) in err or "show image" in err), err
    assert not (out / "feed.xml").exists()


CASTING_CASES = [
    ('[roles]\nnarrator = { voice = "narrator" }\n', "is cast as voice {'voice': 'narrator'}"),
    ('[rolse]\nnarrator = "narrator"\n', "did you mean 'roles'"),
    ('[kokoro]\nrole = "x"\n', "unknown entry 'kokoro.role'"),
    ('[kokoro.roles]\nnarrator = "nobody"\n', "'kokoro.narrator' is cast as voice 'nobody'"),
]


@pytest.mark.parametrize("text, expect", CASTING_CASES, ids=[c[1][:30] for c in CASTING_CASES])
def test_casting_mistakes_are_one_error_line(tmp_path, text, expect):
    voices = make_silent_voices(tmp_path / "voices")
    (voices / "casting.toml").write_text(text)
    done = newscast("script", ARTICLES / "plain_brief.txt", "--voices", voices)
    err = done.stderr.decode()
    assert done.returncode == 1 and err.startswith("Error: ") and err.count("\n") == 1, err
    assert expect in err and "casting.toml" in err, err


def test_a_real_cover_image_is_accepted(tmp_path):
    from PIL import Image

    voices = make_silent_voices(tmp_path / "voices")
    Image.new("RGB", (1400, 1400), (20, 40, 60)).save(tmp_path / "art.jpg")
    (tmp_path / "newscast.toml").write_text('image = "art.jpg"\n')
    out = tmp_path / "out"
    done = newscast("render", ARTICLES / "plain_brief.txt", "--out", out, "--voices", voices,
                    "--cache", tmp_path / "cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (out / "cover.jpg").read_bytes() == (tmp_path / "art.jpg").read_bytes()
