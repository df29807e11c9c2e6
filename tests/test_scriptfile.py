"""The editable script: write it, edit it, render exactly what was edited."""

import json
import re
from pathlib import Path

import pytest

from newscast.core.errors import IngestError
from newscast.script.scriptfile import load

from .conftest import DATA
from .test_cli import newscast

ARTICLE = DATA / "articles" / "harbour_interview.txt"


def test_round_trip_renders_the_edits(tmp_path, silent_voices):
    script_path = tmp_path / "episode.script.json"
    written = newscast("script", ARTICLE, "-o", script_path, "--voices", silent_voices)
    assert written.returncode == 0, written.stderr
    doc = json.loads(script_path.read_text())
    # the producer's edits: drop the second paragraph, rewrite a question, rename and recast the expert
    first_paragraph = next(i for i, s in enumerate(doc["segments"]) if s["kind"] == "paragraph")
    dropped = doc["segments"].pop(first_paragraph)
    turn = next(s for s in doc["segments"] if s["kind"] == "turn")
    turn["text"], turn["spoken"] = "Professor, is the harbour plan worth the money?", ""  # rewritten: spoken again from text
    last = [s for s in doc["segments"] if s["kind"] == "turn"][-1]
    last["spoken"] = "My great pleasure."  # a spoken-only edit: the voice says it, and the transcript shows it
    for seg in doc["segments"]:
        if seg["speaker"] == "Prof. Lena Okafor":
            seg["speaker"], seg["voice"] = "Lena Okafor", "guest"
    doc["speakers"] = {"Harbour Weekly": "interviewer", "Lena Okafor": "expert"}
    new_para = {"kind": "paragraph", "section": None, "speaker": "Narrator", "role": "narrator",
                "text": "An added line about £2bn."}  # no spoken, no voice: normalized and cast on load
    doc["segments"].insert(first_paragraph, new_para)
    script_path.write_text(json.dumps(doc, ensure_ascii=False))

    shown = json.loads(newscast("script", script_path, "--json", "--voices", silent_voices).stdout)
    assert shown["segments"][first_paragraph]["spoken"] == "An added line about two billion pounds."
    assert shown["segments"][first_paragraph]["voice"] == "narrator"
    assert [s["spoken"] for s in shown["segments"] if s["kind"] == "turn"][-1] == "My great pleasure."
    assert [s["text"] for s in shown["segments"]] == [s["text"] for s in doc["segments"]]

    out = tmp_path / "out"
    done = newscast("render", script_path, "--out", out, "--voices", silent_voices, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    (ep,) = report["episodes"]
    assert ep["input"] == str(script_path)
    vtt = Path(ep["mp3"]).with_suffix(".vtt").read_text()
    cues = re.findall(r"<v ([^>]+)>(.*)", vtt)
    said = " ".join(text for _who, text in cues)
    assert "Professor, is the harbour plan worth the money?" in said
    assert "An added line about £2bn." in said
    assert "My great pleasure." in said  # what the voice says, edited by hand
    assert dropped["spoken"].split(".")[0] not in said
    assert {who for who, _ in cues} == {"Narrator", "Harbour Weekly", "Lena Okafor"}
    # the edited script is the same article: it replaces the article's episode, not a new one
    again = json.loads(newscast("render", ARTICLE, "--out", out, "--voices", silent_voices, "--json").stdout)
    assert again["episodes"][0]["guid"] == ep["guid"]


def test_an_edited_text_is_read_as_edited_and_a_hand_edited_reading_is_kept(tmp_path, silent_voices):
    script_path = tmp_path / "episode.script.json"
    assert newscast("script", ARTICLE, "-o", script_path, "--voices", silent_voices).returncode == 0
    doc = json.loads(script_path.read_text())
    paragraphs = [s for s in doc["segments"] if s["kind"] == "paragraph"]
    text_only, spoken_only, both = paragraphs[0], paragraphs[1], [s for s in doc["segments"] if s["kind"] == "turn"][0]
    text_only["text"] = "The plan now costs £3bn."  # its old spoken stays in the file, untouched
    spoken_only["spoken"] = "Read this instead."
    both["text"], both["spoken"] = "Is it worth £9?", "Is it worth nine quid?"
    script_path.write_text(json.dumps(doc, ensure_ascii=False))

    shown = json.loads(newscast("script", script_path, "--json", "--voices", silent_voices).stdout)
    by_text = {s["text"]: s for s in shown["segments"]}
    assert by_text["The plan now costs £3bn."]["spoken"] == "The plan now costs three billion pounds."
    assert "spoken_by_hand" not in by_text["The plan now costs £3bn."]
    assert by_text[spoken_only["text"]]["spoken"] == "Read this instead." and by_text[spoken_only["text"]]["spoken_by_hand"]
    assert by_text["Is it worth £9?"]["spoken"] == "Is it worth nine quid?" and by_text["Is it worth £9?"]["spoken_by_hand"]
    plain = newscast("script", script_path, "--voices", silent_voices).stdout.decode()
    assert "spoken as edited by hand: Read this instead." in plain
    # written again and read again, the hand edit stays a hand edit and the re-read text stays read
    again = tmp_path / "again.script.json"
    again.write_text(json.dumps(shown, ensure_ascii=False))
    reread = {s["text"]: s for s in json.loads(newscast("script", again, "--json", "--voices", silent_voices).stdout)["segments"]}
    assert reread[spoken_only["text"]]["spoken_by_hand"] and "spoken_by_hand" not in reread["The plan now costs £3bn."]


@pytest.mark.parametrize("content, needle", [
    ("{not json", "not valid JSON"),
    ('{"title": "x"}', "no 'segments' list"),
    ('{"segments": [{"kind": "poem", "text": "x"}]}', "segment 0: 'kind' is 'poem'"),
    ('{"segments": [{"kind": "turn", "role": "boss", "text": "x"}]}', "'role' is 'boss'"),
    ('{"segments": [{"kind": "paragraph", "text": ""}]}', "segment 0: has no text"),
    ('{"segments": []}', "has no segments"),
])
def test_bad_script_files_say_what_to_fix(tmp_path, content, needle):
    path = tmp_path / "x.script.json"
    path.write_text(content)
    with pytest.raises(IngestError, match=re.escape(needle)):
        load(str(path))
    out = newscast("script", path)
    err = out.stderr.decode()
    assert out.returncode == 1 and err.startswith("Error: ") and needle in err and "Traceback" not in err


def test_a_script_file_cast_with_neural_voices_is_recast_by_role_when_another_engine_is_forced(tmp_path):
    from newscast.render.script import build_script
    from newscast.script.scriptfile import dump
    from newscast.settings.voices import BUNDLED_VOICES, load_voices

    voices = load_voices(BUNDLED_VOICES)
    if voices.casting.neural is None:
        pytest.skip(f"Kokoro is not installed here: {voices.casting.neural_missing}")
    path = tmp_path / "ep.script.json"
    path.write_bytes(dump(build_script(str(ARTICLE), voices)))
    assert {voices.get(s["voice"]).engine for s in json.loads(path.read_text())["segments"]} == {"kokoro"}
    forced = voices.for_engine("pyttsx3")
    recast = build_script(str(path), forced)
    assert {forced.get(s.voice).engine for s in recast.segments} == {"pyttsx3"}
    by_role = {s.role: s.voice for s in recast.segments}
    assert by_role["narrator"] == "narrator" and by_role["interviewer"] == "interviewer"  # the espeak casting's roles
