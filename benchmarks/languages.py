#!/usr/bin/env python3
"""Kokoro against espeak-ng in the languages Kokoro reads besides English (prints numbers).

    .venv/bin/python benchmarks/languages.py [LANG ...] [--voices] [--paragraphs N]

For each language (default: es fr it pt hi; zh and ja with their front ends' extras installed): the language's text in tests/data/languages and,
where ../shared/corpus is beside the checkout, paragraphs of the corpus pages in that language,
are spoken by the default cast's narrator for the language (Kokoro, from espeak-ng's IPA) and by
newscast's espeak-ng voice for the language, each into a WAV, and transcribed offline by the
shared ASR tool (../shared/tools/asr, installed into ~/.cache/asr_wer; Whisper base decoding in
that language). Printed: word error rate of each, and the tool's list of misheard words. Whisper
writes Hindi in Urdu script or in Latin letters, so its Hindi rates are meaningless: read the
transcripts it leaves beside the WAVs.

``--voices``: each role of the language's cast (narrator, interviewer, expert, guest) speaks the
same text; printed are each voice's median pitch and spectral centroid and, for every pair, whether
they differ by 12% in pitch or 15% in centroid (the test benchmarks/voices.py applies to English).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import wave
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from newscast.core.models import VoiceProfile  # noqa: E402
from newscast.core.words import word_count  # noqa: E402
from newscast.settings.toml import read_toml  # noqa: E402
from newscast.settings.voices import BUNDLED_VOICES, ESPEAK_LANGUAGES, load_voices  # noqa: E402
from newscast.voice.engines import get_engine  # noqa: E402
from newscast.voice.sentences import sentences  # noqa: E402

ASR = Path.home() / ".cache" / "asr_wer"
TEXTS = ROOT / "tests" / "data" / "languages"
CORPUS = ROOT.parent / "shared" / "corpus" / "extraction" / "ground-truth.json"


def text_of(language: str, paragraphs: int) -> str:
    out = [p for p in (TEXTS / f"{language}.txt").read_text(encoding="utf-8").splitlines() if p.strip()]
    if CORPUS.is_file():
        from newscast.read.language import detect_language

        for page in json.loads(CORPUS.read_text(encoding="utf-8")).values():
            body = page["articleBody"] or ""
            if detect_language(body) == language:
                out.extend(p for p in body.split("\n") if len(p.split()) >= 12)
    return "\n".join(out[:paragraphs])


def speak(profile: VoiceProfile, text: str, wav: Path) -> float:
    engine = get_engine(profile.engine)
    pcm, rate = b"", 24000
    for sentence in sentences(text):
        data, rate = engine.synthesize(sentence, profile)
        pcm += data + b"\0\0" * int(rate * 0.3)
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)
    return len(pcm) / 2 / rate


def asr(wav: Path, reference: Path, language: str) -> str:
    tool = ASR / "asr_wer.py"
    if not tool.is_file():
        return "(the ASR tool is not installed: bash ../shared/tools/asr/install.sh)"
    done = subprocess.run([str(ASR / "venv" / "bin" / "python"), str(tool), str(wav), str(reference), "--language",
                           language, "--errors", "6"], capture_output=True, text=True)
    keep = [line for line in done.stdout.splitlines() if line.startswith(("WER", "  number")) or line.startswith("    ")
            and "x  '" in line]
    return "\n".join(keep) or done.stderr.strip()[-300:]


def character_errors(reference: str, heard: str) -> str:
    """Character error rate over letters and digits, for languages written without spaces (zh, ja),
    where a word error rate means nothing. Whisper writes Chinese in traditional characters and
    Japanese words in kana or kanji as it likes: read the transcript, most "errors" are spellings."""
    import unicodedata

    ref, hyp = ([c for c in unicodedata.normalize("NFKC", t) if unicodedata.category(c)[0] in "LN"] for t in (reference, heard))
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        diagonal, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (r != h))
    return f"CER {row[-1] / max(len(ref), 1):.1%} ({row[-1]}/{len(ref)} characters; spelling variants count as errors)"


def cast_of(language: str) -> dict[str, VoiceProfile]:
    voices = load_voices(BUNDLED_VOICES)
    roles = read_toml(BUNDLED_VOICES / "casting.toml")["kokoro"][language]["roles"]
    return {role: voices.get(vid) for role, vid in roles.items()}


def compare(language: str, paragraphs: int, work: Path) -> None:
    text = text_of(language, paragraphs)
    reference = work / f"{language}.txt"
    reference.write_text(text, encoding="utf-8")
    narrator = cast_of(language)["narrator"]
    espeak = VoiceProfile(id="espeak", engine="espeak", voice=ESPEAK_LANGUAGES[language], rate=160, language=language)
    print(f"== {language}: {word_count(text)} words in {len(text.splitlines())} paragraphs")
    for name, profile in (("kokoro " + narrator.voice, narrator), ("espeak-ng " + espeak.voice, espeak)):
        wav = work / f"{language}-{profile.engine}.wav"
        seconds = speak(profile, text, wav)
        print(f"-- {name} ({seconds:.0f} s of audio); transcript: {wav}.asr.txt")
        print(asr(wav, reference, language))
        heard = Path(f"{wav}.asr.txt")
        if language in ("zh", "ja") and heard.is_file():
            print(character_errors(text, heard.read_text(encoding="utf-8")))


def voice_stats(language: str, work: Path) -> None:
    from voices import features  # benchmarks/voices.py: median F0 and spectral centroid over voiced frames

    text = (TEXTS / f"{language}.txt").read_text(encoding="utf-8")
    stats = {}
    for role, profile in cast_of(language).items():
        wav = work / f"{language}-{role}.wav"
        speak(profile, text, wav)
        with wave.open(str(wav)) as w:
            audio = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768
            rate = w.getframerate()
        audio = np.interp(np.arange(0, len(audio), rate / 16000), np.arange(len(audio)), audio)  # features() is 16 kHz
        f0, centroid = features(audio)
        stats[role] = (float(np.median(f0)) if f0 else 0.0, float(np.median(centroid)) if centroid else 0.0)
        print(f"  {role:12} {profile.voice:28} pitch {stats[role][0]:6.1f} Hz  centroid {stats[role][1]:7.1f} Hz")
    for a, b in combinations(stats, 2):
        pitch = abs(stats[a][0] - stats[b][0]) / max(stats[a][0], stats[b][0])
        centroid = abs(stats[a][1] - stats[b][1]) / max(stats[a][1], stats[b][1])
        verdict = "ok" if pitch >= 0.12 or centroid >= 0.15 else "TOO CLOSE"
        print(f"  {a} vs {b}: pitch {pitch:5.1%}, centroid {centroid:5.1%}  {verdict}")


def main() -> None:
    args = sys.argv[1:]
    paragraphs = int(args[args.index("--paragraphs") + 1]) if "--paragraphs" in args else 4
    languages = [a for a in args if len(a) == 2] or ["es", "fr", "it", "pt", "hi"]
    work = Path(tempfile.mkdtemp(prefix="newscast-languages-"))
    for language in languages:
        if "--voices" in args:
            print(f"== {language}: the cast, each role reading the same text")
            voice_stats(language, work)
        else:
            compare(language, paragraphs, work)


if __name__ == "__main__":
    main()
