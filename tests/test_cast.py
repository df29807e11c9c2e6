from newscast.cast import cast
from newscast.clean import clean
from newscast.config import load_voices
from newscast.ingest import ingest
from newscast.normalize import normalize
from newscast.parse import parse
from newscast.segment import segment

from .conftest import EXAMPLE


def test_sample_roles_get_their_voices(silent_voices):
    voices = load_voices(silent_voices)
    script = cast(normalize(segment(clean(parse(ingest(str(EXAMPLE)))))), voices.casting)
    by_role = {}
    for seg in script.segments:
        by_role.setdefault(seg.role, set()).add(seg.voice)
    assert by_role == {"narrator": {"narrator"}, "interviewer": {"interviewer"}, "expert": {"expert"}}


def test_speaker_override(silent_voices):
    (silent_voices / "casting.toml").write_text('[roles]\nnarrator = "narrator"\n[speakers]\n"Dr. Anya Petrova" = "guest"\n')
    voices = load_voices(silent_voices)
    script = cast(segment(clean(parse(ingest(str(EXAMPLE))))), voices.casting)
    assert {s.voice for s in script.segments if s.speaker == "Dr. Anya Petrova"} == {"guest"}
    # roles without a casting fall back to the narrator's voice
    assert {s.voice for s in script.segments if s.speaker == "Archyde News"} == {"narrator"}
