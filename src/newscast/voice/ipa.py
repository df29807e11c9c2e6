"""ipa: text to phonemes for Kokoro's non-English voices — espeak-ng's IPA for the language, from
the same libespeak-ng the espeak engines use (the ``espeakng-loader`` wheel), in this process.

Kokoro-82M is one multilingual model: the language lives in the phonemes. Its Spanish, French,
Italian, Brazilian Portuguese and Hindi voices were trained on espeak-ng's IPA, so that is what
they are given — with clause punctuation kept (it shapes the intonation, and espeak-ng's
phoneme call drops it) and the few symbols the model's vocabulary lacks replaced by the nearest
ones it has (:data:`FIXES`; :func:`unknown_symbols` lists anything still left, and a test keeps
that list empty on real pages). Digits, dates and amounts are expanded by espeak-ng in the
article's own language.
"""

from __future__ import annotations

import ctypes
import hashlib
import re
import threading
from typing import Any

from ..core.errors import SynthesisError

#: Article language -> the espeak-ng voice whose phonemes Kokoro's voices read for it.
LANGUAGES: dict[str, str] = {"es": "es", "fr": "fr", "it": "it", "pt": "pt-br", "hi": "hi"}

#: espeak-ng symbols Kokoro's vocabulary lacks, and what the voices get instead (applied in order).
FIXES: tuple[tuple[str, str], ...] = (
    ("-", ""),        # fr: espeak's mark on a word spoken with the next one ("lə- ɡuvɛʁnəmˈɑ̃")
    ("^", ""),        # a tie between two symbols
    ("\u032a", ""),   # it, es: the dental diacritic (t̪, d̪): the plain consonant
    ("\u0329", ""),   # a syllabic consonant's mark
    ("ʏ", "y"),       # near-close front rounded: the close one
    ("ɭ", "l"),       # retroflex l: l
    ("ʑ", "ʒ"),       # alveolo-palatal fricative: the postalveolar one
    ("ɫ", "l"),       # dark l: l
)

#: Clause punctuation kept between the phonemes of its clauses (what the model reads as pauses and
#: intonation); Spanish opening marks are dropped (the closing one carries the question).
CLAUSE = re.compile(r"\s*([,;:.!?—…।]+)(?=\s|$)\s*|\s*[¡¿]\s*|\s+(—)\s+")
#: Clause marks the vocabulary lacks, as the ones it has (Hindi's danda ends a sentence).
MARKS = {"।": "."}

_lock = threading.Lock()
_call: Any = None


def _phonemizer() -> Any:
    """espeak-ng's ``espeak_TextToPhonemes``, from the library the espeak engines load (once)."""
    global _call
    if _call is None:
        from .engines.pyttsx3 import initialise_synchronous_espeak, prepare_espeak

        prepare_espeak()
        initialise_synchronous_espeak()
        try:
            from pyttsx3.drivers import _espeak
        except (ImportError, OSError, RuntimeError) as exc:
            raise SynthesisError(f"espeak-ng could not be loaded ({exc}); run: pip install espeakng-loader") from None
        call = _espeak.dll.espeak_TextToPhonemes
        call.restype = ctypes.c_char_p
        call.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
        _call = (_espeak.dll, call)
    return _call


#: ``espeak_TextToPhonemes`` arguments: the text is UTF-8; phonemes as IPA (bit 1).
_UTF8, _IPA = 1, 0x02


def _clause(text: str) -> str:
    """espeak-ng's IPA, in its current voice, for text without clause punctuation (it stops at
    each clause: called on)."""
    _dll, call = _phonemizer()
    buffer = ctypes.c_char_p(text.encode("utf-8"))
    pointer = ctypes.pointer(buffer)
    out = []
    while buffer.value:
        got = call(pointer, _UTF8, _IPA)
        if got:
            out.append(got.decode("utf-8", "replace").strip())
    return " ".join(p for p in out if p)


def fix(phonemes: str) -> str:
    """The phonemes with :data:`FIXES` applied.

    >>> fix("lə- ɡuvɛʁnəmˈɑ̃"), fix("ˈt\u032aʊtto"), fix("fʏnf")
    ('lə ɡuvɛʁnəmˈɑ̃', 'ˈtʊtto', 'fynf')
    """
    for old, new in FIXES:
        phonemes = phonemes.replace(old, new)
    return re.sub(r" {2,}", " ", phonemes)


def phonemes(text: str, language: str) -> str:
    """Kokoro phonemes for ``text`` in ``language`` (a key of :data:`LANGUAGES`): espeak-ng's IPA
    clause by clause, the clause punctuation kept, :data:`FIXES` applied."""
    voice = LANGUAGES[language]
    parts = CLAUSE.split(text)
    out = []
    with _lock:  # espeak-ng holds one current voice per process
        if _phonemizer()[0].espeak_SetVoiceByName(voice.encode("ascii")) != 0:
            raise SynthesisError(f"espeak-ng has no voice '{voice}' for phonemes; check the espeakng-loader install")
        for i, part in enumerate(parts):
            if part is None:
                continue
            if i % 3:  # a captured clause mark (the first of a run: "?!" reads as "?")
                out.append(MARKS.get(part[0], part[0]))
            elif part.strip():
                out.append(" " + _clause(part.strip()) if out else _clause(part.strip()))
    return fix("".join(out).strip())


def version() -> str:
    """What the phonemes depend on, for clip cache keys: espeak-ng's build and these rules."""
    from .engines.pyttsx3 import prepare_espeak

    rules = hashlib.sha256(repr((FIXES, CLAUSE.pattern, MARKS)).encode("utf-8")).hexdigest()[:12]
    return f"espeak-ng ipa ({prepare_espeak()}) rules {rules}"


def unknown_symbols(phonemes: str, vocabulary: dict[str, int] | set[str]) -> set[str]:
    """Symbols of ``phonemes`` the model would drop (neither in its vocabulary nor a space).

    >>> sorted(unknown_symbols("ab-c d", {"a", "b", "c", "d"}))
    ['-']
    """
    return {c for c in phonemes if c not in vocabulary and not c.isspace()}
