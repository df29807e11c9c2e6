"""A deterministic stand-in voice for fast unit tests: a soft tone whose length
follows the text and whose pitch follows the profile. Never for real episodes."""

from __future__ import annotations

import math
import struct
from typing import ClassVar

from . import Engine
from ...core.models import VoiceProfile

RATE = 22050


class SilentEngine(Engine):
    name: ClassVar[str] = "silent"
    capabilities: ClassVar[frozenset[str]] = frozenset({"offline", "deterministic"})

    def synthesize(self, text: str, profile: VoiceProfile) -> tuple[bytes, int]:
        words = max(1, len(text.split()))
        seconds = words * 60.0 / profile.rate
        freq = 100 + 2 * profile.pitch
        period = max(2, round(RATE / freq))
        one = struct.pack(f"<{period}h", *(int(3000 * math.sin(2 * math.pi * i / period)) for i in range(period)))
        n = max(1, round(seconds * RATE / period))
        return one * n, RATE
