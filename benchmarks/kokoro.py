#!/usr/bin/env python3
"""The Kokoro cast against the bare Kokoro reference, measured in the same run (prints numbers, asserts nothing).

    .venv/bin/python benchmarks/kokoro.py [ARTICLE] [--skip-asr] [--skip-batch]

bare   = ../shared/tools/kokoro/bare.py (one voice, one process, 2 threads, no normalization, mixing or
         encoding) reading the same sentences with the same voices: once per voice of the cast, over
         that voice's sentences; its synthesis seconds are summed (model loads left out)
cold   = newscast render with an empty clip cache and output folder, default --jobs (the CPUs), and
         again with --jobs 1 (one process, the model's threads = the CPUs, as bare)
warm   = the same render again (nothing changed: nothing is synthesized)
RSS    = peak resident memory of the largest process of a render (a worker, or the render itself)
six    = six articles, cold, --jobs 2 against --jobs 1 (same MP3 bytes expected)
ASR    = words missed or misheard, (S+D)/N, by ../shared/tools/asr (Whisper base), reference = the
         article's own words (script segments without intro, outro and transition), and its number tokens
pitch  = benchmarks/voices.py on the cold episode: median pitch and spectral centroid per role

Goals (issue 14): (S+D)/N <= 2.0 % (bar 2.5 %), numbers <= 1/33; cold/bare <= 1.15; warm synthesizes
nothing; RSS per worker <= 1.2 GB; six --jobs 2 no slower than --jobs 1; roles >= 12 % apart in
pitch or >= 15 % in centroid. Needs: `newscast voices install kokoro`, `bash ../shared/tools/kokoro/install.sh`
and, for ASR, `bash ../shared/tools/asr/install.sh`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import speed  # noqa: E402 - this folder: its render wrapper

SHARED = ROOT.parent / "shared"
BARE = SHARED / "tools" / "kokoro" / "bare.py"
BARE_HOME = Path(os.environ.get("KOKORO_BARE_HOME", Path.home() / ".cache" / "kokoro_bare"))
ASR_HOME = Path(os.environ.get("ASR_HOME", Path.home() / ".cache" / "asr_wer"))
SIX = ["dash_answers.txt", "first_exchange.html", "harbour_interview.txt", "initials_headings.md",
       "plain_brief.txt", "qa_bold.html"]


def run_json(cmd: list[str], **kw) -> object:
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT, **kw).stdout)


def render(inputs: list[Path], out: Path, cache: Path, *extra: str) -> tuple[float, int, float, dict]:
    """(seconds, peak RSS in MiB of the largest process, CPU seconds, --json report) with the default cast."""
    return speed.render(inputs, out, cache, *extra, engine=None)


def bare(script: dict, voices, tmp: Path) -> tuple[float, float]:
    """(synthesis seconds summed over the cast's voices, seconds of audio) of the bare reference."""
    by_voice: dict[str, list[str]] = {}
    for seg in script["segments"]:
        by_voice.setdefault(voices.get(seg["voice"]).voice, []).append(seg["spoken"])
    synth = audio = 0.0
    for voice, texts in sorted(by_voice.items()):
        text = tmp / f"{voice}.txt"
        text.write_text("\n\n".join(texts), encoding="utf-8")
        result = run_json([str(BARE_HOME / "venv" / "bin" / "python"), str(BARE), str(text), voice,
                           str(tmp / f"{voice}.wav"), "--threads", str(os.cpu_count() or 1)],
                          env={**os.environ, "ORT_DISABLE_TELEMETRY": "1"})
        print(f"  bare {voice:12} {result['synth_s']:7.2f} s for {result['audio_s']:7.2f} s of speech "
              f"(rtf {result['rtf']:.3f}, load {result['load_s']} s)", flush=True)
        synth += result["synth_s"]
        audio += result["audio_s"]
    return synth, audio


def asr(mp3: Path, script: dict, tmp: Path) -> None:
    python = ASR_HOME / "venv" / "bin" / "python"
    if not python.exists():
        print("ASR: not installed (bash ../shared/tools/asr/install.sh)")
        return
    ref = tmp / "reference.txt"
    ref.write_text("\n\n".join(s["text"] for s in script["segments"] if s["kind"] not in ("intro", "outro", "transition")),
                   encoding="utf-8")
    result = run_json([str(python), str(ASR_HOME / "asr_wer.py"), str(mp3), str(ref), "--json"])
    c = result["counts"]
    num = result["by_tag"]["num"]
    print(f"ASR: (S+D)/N {100 * (c['substitutions'] + c['deletions']) / c['ref_words']:.2f} %  "
          f"(S {c['substitutions']}, D {c['deletions']}, I {c['insertions']}, N {c['ref_words']}; WER {100 * result['wer']:.2f} %); "
          f"number tokens misread {num['misread_or_missing']}/{num['ref_tokens']}")
    for e in result["top_errors"][:25]:
        print(f"  {e['count']}x  {e['ref']!r} -> {e['hyp']!r}  at {e['time']:.0f} s  {e['tags']}")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    article = Path(args[0]) if args else ROOT / "examples" / "coalition.txt"
    from newscast.settings.voices import load_voices
    from newscast.voice.engines import engine_class

    ok, why = engine_class("kokoro").availability()
    if not ok or not BARE.exists():
        sys.exit(f"kokoro not available ({why}) or {BARE} missing")
    voices = load_voices(ROOT / "voices")
    script = run_json([sys.executable, "-m", "newscast", "script", str(article), "--json"])
    with tempfile.TemporaryDirectory(prefix="newscast-kokoro-bench-") as name:
        t = Path(name)
        print(f"article: {article}  (cast: {sorted({s['voice'] for s in script['segments']})})", flush=True)
        base, speech = bare(script, voices, t)
        cold, rss, cpu, rep = render([article], t / "cold", t / "cache")
        ep = rep["episodes"][0]
        warm, _, _, again = render([article], t / "cold", t / "cache")
        cold1, rss1, cpu1, _ = render([article], t / "cold1", t / "cache1", "--jobs", "1")
        same = (t / "cold" / Path(ep["mp3"]).name).read_bytes() == (t / "cold1" / Path(ep["mp3"]).name).read_bytes()
        if not same:  # say where: the audio frames, or the tags
            from newscast.sound.encode import without_header

            frames = [without_header((t / d / Path(ep["mp3"]).name).read_bytes()) for d in ("cold", "cold1")]
            same = f"False (audio frames {'identical' if frames[0] == frames[1] else 'differ'})"
        print(f"bare (same sentences, same voices): {base:7.2f} s for {speech:.1f} s of speech")
        print(f"cold, default jobs ({os.cpu_count()}):  {cold:7.2f} s  -> cold/bare {cold / base:.2f}  "
              f"(stages {rep['seconds']}; {cpu / cold:.2f} CPUs busy; peak RSS {rss} MiB)")
        print(f"cold, --jobs 1:                 {cold1:7.2f} s  -> cold/bare {cold1 / base:.2f}  "
              f"({cpu1 / cold1:.2f} CPUs busy; peak RSS {rss1} MiB); MP3 identical to default jobs: {same}")
        print(f"warm:                           {warm:7.2f} s  (fresh clips {again['episodes'][0]['fresh_clips']}, "
              f"reused {again['episodes'][0]['reused']})")
        print(f"episode: {ep['duration_s']:.1f} s, {ep['loudness_lufs']} LUFS, {ep['true_peak_dbtp']} dBTP, "
              f"{ep['fresh_clips']} clips", flush=True)
        if "--skip-batch" not in sys.argv:
            six = [ROOT / "tests" / "data" / "articles" / n for n in SIX]
            one, _, one_cpu, _ = render(six, t / "six1", t / "c6a", "--jobs", "1")
            two, six_rss, two_cpu, _ = render(six, t / "six2", t / "c6b", "--jobs", "2")
            identical = all((t / "six1" / p.name).read_bytes() == (t / "six2" / p.name).read_bytes()
                            for p in (t / "six1").glob("*.mp3"))
            print(f"six articles: --jobs 1 {one:6.2f} s ({one_cpu / one:.2f} CPUs busy), --jobs 2 {two:6.2f} s "
                  f"({two_cpu / two:.2f} busy, peak RSS {six_rss} MiB) -> {one / two:.2f}x; MP3s identical: {identical}")
        if "--skip-asr" not in sys.argv:
            asr(t / "cold" / Path(ep["mp3"]).name, script, t)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "voices.py"), str(article), "--mp3",
                        str(t / "cold" / Path(ep["mp3"]).name), "--no-speeds"], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
