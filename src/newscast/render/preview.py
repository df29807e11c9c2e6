"""preview: one voice profile auditioned — a sentence spoken, mastered like an episode, into an
MP3 (``newscast voices preview``); no signposts, music, tags or library."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.errors import ConfigError, PublishError
from ..core.models import Script, Segment, VoiceProfile
from ..settings.voices import Voices, load_voices
from ..sound.encode import encode
from ..sound.mix import master
from ..voice.speak import synthesize


def _profile(voices: Voices, voice_id: str, engine: str | None) -> VoiceProfile:
    """The profile to audition: one of the folder's, or an engine's own voice named directly
    (a Kokoro voice or blend such as ``af_bella`` or ``af_heart:0.6,bf_emma:0.4``, an espeak-ng
    voice such as ``gmw/en-gb-x-rp+m3``), spoken at the default pace."""
    from ..voice.engines import engine_class

    if any(p.id == voice_id for p in voices.profiles):
        return voices.get(voice_id)
    from ..voice.engines.kokoro import voice_language

    for name in ([engine] if engine else ["kokoro", "pyttsx3"]):
        if not engine_class(name).voice_problem(voice_id):
            return VoiceProfile(id=voice_id, engine=name, voice=voice_id,
                                language=voice_language(voice_id) if name == "kokoro" else "en-US")
    from ..core.words import nearest
    from ..voice.engines.kokoro import ALL_VOICES

    hint = nearest(voice_id, [*(p.id for p in voices.profiles), *ALL_VOICES])
    raise ConfigError(f"'{voice_id}' is neither a voice profile in {voices.folder} nor a voice of "
                      f"{engine or 'Kokoro or espeak-ng'}{hint}; see `newscast voices`")


def preview(voice_id: str, text: str, out: Path, voices_dir: Path | None = None, engine: str | None = None) -> tuple[Path, float]:
    """Speak ``text`` with one voice profile into an MP3 (mastered like an episode); return (path, seconds)."""
    voices = load_voices(voices_dir).for_engine(engine)
    profile = _profile(voices, voice_id, engine)
    script = Script(title=text, source=f"voice {voice_id}",
                    segments=(Segment(kind="paragraph", text=text, speaker=profile.id, voice=voice_id),))
    from ..script.normalize import normalize

    script = normalize(script, dict(voices.lexicon))
    get = lambda vid: profile if vid == profile.id else voices.get(vid)  # noqa: E731 - the one profile auditioned
    mix = master(script, synthesize(script, get, engine, None))  # no signposts or music: the voice alone
    tmp = out.with_name(f".{out.name}.part")
    try:
        encode(mix, tmp)
        os.replace(tmp, out)
    except OSError as exc:
        raise PublishError(f"{out}: cannot write the preview ({exc.strerror}); pass a writable -o path") from None
    finally:
        tmp.unlink(missing_ok=True)
    return out, mix.duration_s
