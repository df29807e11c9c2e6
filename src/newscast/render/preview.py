"""preview: one voice profile auditioned — a sentence spoken, mastered like an episode, into an
MP3 (``newscast voices preview``); no signposts, music, tags or library."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.errors import PublishError
from ..core.models import Script, Segment
from ..settings.voices import load_voices
from ..sound.encode import encode
from ..sound.mix import master
from ..voice.speak import synthesize


def preview(voice_id: str, text: str, out: Path, voices_dir: Path | None = None, engine: str | None = None) -> tuple[Path, float]:
    """Speak ``text`` with one voice profile into an MP3 (mastered like an episode); return (path, seconds)."""
    voices = load_voices(voices_dir).for_engine(engine)
    profile = voices.get(voice_id)
    script = Script(title=text, source=f"voice {voice_id}",
                    segments=(Segment(kind="paragraph", text=text, speaker=profile.id, voice=voice_id),))
    from ..script.normalize import normalize

    script = normalize(script, dict(voices.lexicon))
    mix = master(script, synthesize(script, voices.get, engine, None))  # no signposts or music: the voice alone
    tmp = out.with_name(f".{out.name}.part")
    try:
        encode(mix, tmp)
        os.replace(tmp, out)
    except OSError as exc:
        raise PublishError(f"{out}: cannot write the preview ({exc.strerror}); pass a writable -o path") from None
    finally:
        tmp.unlink(missing_ok=True)
    return out, mix.duration_s
