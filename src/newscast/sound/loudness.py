"""loudness: ITU-R BS.1770-4 integrated loudness and a look-ahead peak limiter
in NumPy, so mastering an episode needs one encode, not several ffmpeg passes
over the whole file.

``integrated`` is the gated integrated loudness (LUFS) of a mono signal;
``limit`` a peak limiter whose gain never lets a sample exceed the ceiling;
``master_pcm`` finds the gain that brings the limited 16-bit episode to a
loudness target, a block at a time (memory: the episode's PCM, not float copies
of it); ``Meter`` measures loudness and true peak of a signal fed in chunks
(the final MP3 as it is decoded). Samples are float32 in [-1, 1). The tests
check the figures against ffmpeg's ``ebur128`` scanner.
"""

from __future__ import annotations

import math

import numpy as np

#: K-weighting, as analogue prototypes (centre frequency Hz, Q, gain dB) from which
#: BS.1770's 48 kHz coefficients follow by the bilinear transform at any rate.
SHELF = (1681.974450955533, 0.7071752369554196, 3.999843853973347)
HIGHPASS = (38.13547087602444, 0.5003270373238773)
BLOCK_S, HOP_S = 0.4, 0.1
ABSOLUTE_GATE, RELATIVE_GATE = -70.0, -10.0


def k_weighting(rate: int) -> np.ndarray:
    """Second-order sections of the K-weighting filter at ``rate``.

    At 48 kHz these are the coefficients printed in BS.1770-4:

    >>> sos = k_weighting(48000)
    >>> [round(float(v), 8) for v in sos[0]]
    [1.53512486, -2.69169619, 1.19839281, 1.0, -1.69065929, 0.73248077]
    >>> [round(float(v), 8) for v in sos[1]]
    [1.0, -2.0, 1.0, 1.0, -1.99004745, 0.99007225]
    """
    f0, q, gain_db = SHELF
    k = math.tan(math.pi * f0 / rate)
    vh = 10 ** (gain_db / 20)
    vb = vh ** 0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = [(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
             1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]
    f0, q = HIGHPASS
    k = math.tan(math.pi * f0 / rate)
    a0 = 1 + k / q + k * k
    highpass = [1.0, -2.0, 1.0, 1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]
    return np.array([shelf, highpass])


def hop_size(rate: int) -> int:
    """Samples in a 100 ms hop."""
    return int(round(HOP_S * rate))


def _response(sos: np.ndarray, n: int) -> np.ndarray:
    """H of the cascade at the ``n // 2 + 1`` frequencies of an ``n``-point real FFT."""
    z = np.exp(-1j * np.pi * np.arange(n // 2 + 1) / (n / 2))
    response = np.ones(len(z), complex)
    for b0, b1, b2, a0, a1, a2 in sos:
        response *= (b0 + b1 * z + b2 * z * z) / (a0 + a1 * z + a2 * z * z)
    return response


def hop_energies(x: np.ndarray, rate: int) -> np.ndarray:
    """K-weighted energy of each 100 ms hop of ``x`` (a partial last hop is left out).

    Each hop's energy is taken in the frequency domain (Parseval: its power
    spectrum weighted by the filter's |H|²), so no time-domain filter runs over
    the episode, and a hop can be measured again on its own. The filter's
    response lasts a few milliseconds against 100 ms hops, so this agrees with
    time-domain filtering within a few thousandths of a LU (the tests also
    compare with ffmpeg's ebur128).
    """
    hop = hop_size(rate)
    steps = len(x) // hop
    if not steps:
        return np.zeros(0)
    return _energies(x[: steps * hop].reshape(steps, hop), _weights(rate, hop))


#: Hops transformed at a time (a minute of audio): memory stays small whatever the episode's length.
BATCH_HOPS = 600


def _energies(frames: np.ndarray, weights: np.ndarray) -> np.ndarray:
    out = np.empty(len(frames))
    for i in range(0, len(frames), BATCH_HOPS):
        spectrum = np.fft.rfft(frames[i:i + BATCH_HOPS].astype(np.float64), axis=1)  # numpy's fast FFT is float64
        out[i:i + BATCH_HOPS] = np.einsum("ij,j->i", spectrum.real ** 2 + spectrum.imag ** 2, weights)  # no BLAS
    return out


def _weights(rate: int, hop: int) -> np.ndarray:
    weights = np.abs(_response(k_weighting(rate), hop)) ** 2
    weights[1: (hop + 1) // 2] *= 2  # the negative frequencies the real FFT leaves out
    return weights / hop


def gated(energies: np.ndarray, rate: int) -> float:
    """Integrated loudness (LUFS) from hop energies: 400 ms blocks (four hops, 75 % overlap),
    an absolute gate at -70 LUFS and a relative gate 10 LU under the first pass."""
    hop = hop_size(rate)
    window = int(round(BLOCK_S / HOP_S))
    if len(energies) < window:
        return float("-inf") if not len(energies) or not energies.any() else -0.691 + 10 * math.log10(energies.mean() / hop)
    powers = np.convolve(energies, np.ones(window), mode="valid") / (window * hop)
    with np.errstate(divide="ignore"):
        loud = -0.691 + 10 * np.log10(powers)
    kept = powers[loud > ABSOLUTE_GATE]
    if not len(kept):
        return float("-inf")
    relative = -0.691 + 10 * math.log10(kept.mean()) + RELATIVE_GATE
    kept = powers[(loud > ABSOLUTE_GATE) & (loud > relative)]
    return -0.691 + 10 * math.log10(kept.mean())


def integrated(x: np.ndarray, rate: int) -> float:
    """Gated integrated loudness in LUFS (``-inf`` for silence).

    >>> rate = 48000
    >>> tone = (0.5 * np.sin(2 * np.pi * 997 * np.arange(rate * 5) / rate)).astype(np.float32)
    >>> round(integrated(tone, rate), 1)   # a 997 Hz sine at -6 dBFS reads -9.0 LUFS (mono, 0 dBFS: -3.0)
    -9.0
    >>> integrated(np.zeros(rate, np.float32), rate)
    -inf
    """
    return gated(hop_energies(x, rate), rate)


#: The limiter looks this many steps (of about 1 ms) ahead of a peak and releases over this many after it.
LOOKAHEAD_STEPS, RELEASE_STEPS = 5, 40


def step_size(rate: int) -> int:
    """Samples per limiter step: about 1 ms, and a whole number of steps per 100 ms hop.

    >>> [step_size(r) for r in (22050, 44100, 48000, 8000)]
    [21, 42, 48, 8]
    """
    hop = hop_size(rate)
    return next(d for d in range(max(1, rate // 1000), 0, -1) if hop % d == 0)


def step_peaks(x: np.ndarray, rate: int) -> np.ndarray:
    """The largest absolute sample of each step.

    >>> step_peaks(np.array([0.1, -0.5, 0.2, 0.3, -0.1], np.float32), 3000)
    array([0.5, 0.3], dtype=float32)
    """
    step = step_size(rate)
    whole = len(x) // step * step
    rows = x[:whole].reshape(-1, step)
    peaks = np.maximum(rows.max(axis=1), -rows.min(axis=1))
    if whole < len(x):
        peaks = np.append(peaks, np.abs(x[whole:]).max())
    return peaks


def sliding_max(values: np.ndarray, size: int) -> np.ndarray:
    """Maximum of each run of ``size`` values (``len(values) - size + 1`` of them), in linear time
    (van Herk / Gil-Werman: prefix and suffix maxima within blocks of ``size``).

    >>> sliding_max(np.array([1, 3, 2, 5, 4, 1, 0]), 3)
    array([3, 5, 5, 5, 4])
    """
    n = len(values) - size + 1
    if n <= 0:
        return values[:0]
    pad = (-len(values)) % size
    blocks = np.pad(values, (0, pad), mode="edge").reshape(-1, size)
    prefix = np.maximum.accumulate(blocks, axis=1).ravel()
    suffix = np.maximum.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].ravel()
    return np.maximum(suffix[:n], prefix[size - 1:size - 1 + n])


def limiter_gain(peaks: np.ndarray, ceiling: float) -> np.ndarray:
    """Per-step gain (≤ 1) that keeps every step's peak at or under ``ceiling``.

    Each step's raw gain is the ceiling over the largest peak from the release
    time before it to the look-ahead after it; averaging that over the
    look-ahead either side smooths it, and still holds the ceiling, since
    every step averaged for step n already allowed for n's peak.

    >>> g = limiter_gain(np.array([0.1] * 20 + [2.0] + [0.1] * 60), 1.0)
    >>> float(g[20]), bool(g[12] < 1.0 < g[14] + 0.5), float(g[-1])
    (0.5, True, 1.0)
    """
    ahead, behind = LOOKAHEAD_STEPS, max(LOOKAHEAD_STEPS, RELEASE_STEPS)
    padded = np.pad(peaks, (behind, ahead), mode="edge")
    window = sliding_max(padded, behind + ahead + 1)
    raw = np.minimum(1.0, ceiling / np.maximum(window, 1e-12))
    kernel = np.full(2 * ahead + 1, 1.0 / (2 * ahead + 1))
    smooth = np.convolve(np.pad(raw, ahead, mode="edge"), kernel, mode="valid")
    return np.minimum(smooth, np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))).astype(np.float32)


def apply_gain(x: np.ndarray, gains: np.ndarray, rate: int) -> np.ndarray:
    """``x`` times a per-step gain (float32)."""
    step = step_size(rate)
    pad = (-len(x)) % step
    out = (np.pad(x, (0, pad)).reshape(-1, step) * gains[:, None]).ravel()
    return out[: len(x)]


def limit(x: np.ndarray, ceiling_db: float, rate: int) -> np.ndarray:
    """``x`` with a smooth gain that keeps every sample at or under ``ceiling_db``.

    >>> x = np.array([0.1, 0.9, -0.95, 0.2] * 2000, np.float32)
    >>> y = limit(x, -6.0, 8000)
    >>> bool(np.abs(y).max() <= 10 ** (-6 / 20) + 1e-6), round(float(y[0] / x[0]), 2)
    (True, 0.53)
    """
    return apply_gain(x, limiter_gain(step_peaks(x, rate), 10 ** (ceiling_db / 20)), rate)


def step_energies(x: np.ndarray, rate: int) -> np.ndarray:
    """K-weighted energy of each limiter step, from each hop filtered in the frequency domain."""
    hop = hop_size(rate)
    steps = len(x) // hop
    if not steps:
        return np.zeros(0)
    response = _response(k_weighting(rate), hop)
    frames = x[: steps * hop].reshape(steps, hop)
    parts = []
    for i in range(0, steps, BATCH_HOPS):
        spectrum = np.fft.rfft(frames[i:i + BATCH_HOPS].astype(np.float64), axis=1) * response
        weighted = np.fft.irfft(spectrum, n=hop, axis=1).reshape(-1, step_size(rate))
        parts.append(np.einsum("ij,ij->i", weighted, weighted))
    return np.concatenate(parts)


def best_gains(energies: np.ndarray, peaks: np.ndarray, rate: int, target: float, ceiling_db: float,
               attempts: int = 6, tolerance: float = 0.02) -> tuple[float, float, np.ndarray | None]:
    """(gain dB, loudness, per-step gains) that bring a signal with these step energies and peaks
    closest to ``target`` under ``ceiling_db``; the gains are None when the signal is silent."""
    per_hop = hop_size(rate) // step_size(rate)
    base = gated(energies.reshape(-1, per_hop).sum(axis=1), rate)
    if base == float("-inf"):
        return 0.0, base, None
    ceiling = 10 ** (ceiling_db / 20)
    tries: list[tuple[float, float]] = []  # (gain, loudness) of each try; only the best one's gains are kept
    best: tuple[tuple[float, float], float, float, np.ndarray] | None = None
    gain = target - base
    for _ in range(attempts):
        # gains are tried in 0.01 dB steps: floating-point sums may differ in the last bits between
        # processes (SIMD and BLAS paths), and the episode must be the same bytes wherever it is made
        gain = round(gain, 2)
        linear = 10 ** (gain / 20)
        gains = limiter_gain(peaks * linear, ceiling) * np.float32(linear)
        loud = gated((energies * np.square(gains[: len(energies)], dtype=np.float64)).reshape(-1, per_hop).sum(axis=1), rate)
        tries.append((gain, loud))
        if best is None or (round(abs(loud - target), 3), gain) < best[0]:
            best = ((round(abs(loud - target), 3), gain), gain, loud, gains)
        if abs(loud - target) <= tolerance:
            break
        if len(tries) >= 2 and abs(loud - tries[-2][1]) >= 0.005 and gain != tries[-2][0]:
            gain += (target - loud) / max((loud - tries[-2][1]) / (gain - tries[-2][0]), 0.2)
        else:
            gain += target - loud
    assert best is not None
    return best[1], best[2], best[3]


def _block_samples(rate: int) -> int:
    """Samples converted to floats at a time when 16-bit PCM is mastered: whole FFT batches of
    hops (so whole limiter steps), so every sum is the one the whole signal in floats gives."""
    return BATCH_HOPS * hop_size(rate)


def _floats(pcm: np.ndarray, start: int, end: int) -> np.ndarray:
    return pcm[start:end].astype(np.float32) / 32768.0


def master_pcm(pcm: np.ndarray, rate: int) -> "PcmMaster":
    """An episode's 16-bit PCM measured for mastering without a float copy of the whole episode:
    the K-weighted energy and the peak of every ~1 ms step, a block at a time. :meth:`PcmMaster.at`
    then finds the gain for a target: the limiter makes loudness grow more slowly than gain, so the
    gain is refined by secant steps, and a limited signal's energy is the steps' energies times the
    squared per-step gains (the gain moves slowly against the filter's response), so each try costs
    a limiter pass, not a loudness pass. The gained, limited PCM is made a block at a time too.
    (tests/test_master.py shows it bit-identical to doing the same on the whole signal in floats.)

    >>> rate = 8000
    >>> t = np.arange(rate * 100)
    >>> x = (0.05 * np.sin(2 * np.pi * 440 * t / rate) * (1 + 8 * (t % 4000 < 40))).astype(np.float32)
    >>> y, gain, loud = master_pcm(np.rint(x * 32768).astype("<i2"), rate).at(-16.0, -2.0)
    >>> round(loud, 1), round(integrated(y / 32768.0, rate), 1), bool(np.abs(y).max() <= 32768 * 10 ** (-2 / 20) + 1)
    (-16.0, -16.0, True)
    """
    size = _block_samples(rate)
    energies, peaks = [], []
    for start in range(0, len(pcm), size):
        block = _floats(pcm, start, start + size)
        energies.append(step_energies(block, rate))
        peaks.append(step_peaks(block, rate))
    return PcmMaster(pcm, rate, np.concatenate(energies) if energies else np.zeros(0),
                     np.concatenate(peaks) if peaks else np.zeros(0, np.float32))


class PcmMaster:
    """A 16-bit episode's step energies and peaks, measured once: :meth:`at` masters it to any
    target (the encoder may ask again with a corrected one)."""

    def __init__(self, pcm: np.ndarray, rate: int, energies: np.ndarray, peaks: np.ndarray) -> None:
        self.pcm, self.rate, self.energies, self.peaks = pcm, rate, energies, peaks

    def at(self, target: float, ceiling_db: float) -> tuple[np.ndarray | None, float, float]:
        """(gained and limited 16-bit PCM, gain dB, loudness); the PCM is None when it is silent."""
        gain, loud, gains = best_gains(self.energies, self.peaks, self.rate, target, ceiling_db)
        if gains is None:
            return None, gain, loud
        step, size = step_size(self.rate), _block_samples(self.rate)
        out = np.empty(len(self.pcm), "<i2")
        for start in range(0, len(self.pcm), size):
            block = _floats(self.pcm, start, start + size)
            y = apply_gain(block, gains[start // step: start // step + -(-len(block) // step)], self.rate)
            np.multiply(y, 32768.0, out=y)
            np.clip(np.rint(y, out=y), -32768, 32767, out=y)
            out[start: start + len(block)] = y
        return out, gain, loud


#: True peak: 4x oversampling with a windowed-sinc interpolator of 12 taps per phase (the
#: method of BS.1770-4 Annex 2, whose filter has 48 taps in 4 phases).
OVERSAMPLE, TAPS_PER_PHASE = 4, 12


def interpolator_phases() -> np.ndarray:
    """The fractional-delay filters (phases 1-3; phase 0 is the samples themselves), one row each.

    Each row sums to 1 (unity gain at low frequencies):

    >>> [round(float(r.sum()), 3) for r in interpolator_phases()]
    [1.0, 1.0, 1.0]
    """
    half = TAPS_PER_PHASE // 2
    k = np.arange(-half + 1, half + 1)
    rows = []
    for p in range(1, OVERSAMPLE):
        t = k - p / OVERSAMPLE  # the taps' distance from the point between samples
        window = np.kaiser(TAPS_PER_PHASE + 2, 6.0)[1:-1]
        row = np.sinc(t) * window
        rows.append(row / row.sum())
    return np.array(rows, dtype=np.float32)


#: Between two samples, a signal with nothing above a quarter of the sample rate (our episodes:
#: 22.05 kHz voices in a 44.1 kHz MP3) rises at most 3 dB above the larger of them (a sine at
#: exactly fs/4 sampled 45 degrees off its crest), so only samples within this of the peak found
#: so far can lead to the true peak.
OVERSHOOT_DB = 3.1


class Meter:
    """Integrated loudness and true peak of a signal fed in chunks of any length, so the
    final MP3 can be measured while it is being encoded and decoded."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self._hop = hop_size(rate)
        self._weights = _weights(rate, self._hop)
        self._pending = np.zeros(0, np.float32)
        self._energies: list[np.ndarray] = []
        self.peaks = PeakMeter()

    def feed(self, x: np.ndarray) -> None:
        self.peaks.feed(x)
        joined = np.concatenate([self._pending, x])
        whole = len(joined) // self._hop * self._hop
        if whole:
            self._energies.append(_energies(joined[:whole].reshape(-1, self._hop), self._weights))
        self._pending = joined[whole:]

    @property
    def lufs(self) -> float:
        return gated(np.concatenate(self._energies) if self._energies else np.zeros(0), self.rate)


class PeakMeter:
    """True peak of a signal fed in chunks (so it can run while the signal is still arriving).

    Only the neighbourhoods of samples within :data:`OVERSHOOT_DB` of the running peak are
    interpolated, which is exact for signals band-limited to a quarter of the sample rate and
    a few hundred times cheaper than oversampling everything.
    """

    def __init__(self) -> None:
        self._phases = interpolator_phases()
        self._tail = np.zeros(TAPS_PER_PHASE, np.float32)
        self.peak = 0.0

    def feed(self, x: np.ndarray) -> None:
        if not len(x):
            return
        joined = np.concatenate([self._tail, x])
        self.peak = max(self.peak, float(np.abs(x).max()))
        half = TAPS_PER_PHASE // 2
        near = np.nonzero(np.abs(joined[half: len(joined) - half]) >= self.peak * 10 ** (-OVERSHOOT_DB / 20))[0] + half
        if len(near):
            # the points a quarter, a half and three quarters after each candidate, and before it
            starts = np.concatenate([near, near - 1]) - half + 1
            windows = joined[starts[:, None] + np.arange(TAPS_PER_PHASE)[None, :]]
            self.peak = max(self.peak, float(np.abs(windows @ self._phases.T).max()))
        self._tail = joined[-TAPS_PER_PHASE:]

    @property
    def dbtp(self) -> float:
        """The peak in dBTP.

        >>> t = np.arange(48000)
        >>> fade = np.minimum(1, np.minimum(t, 48000 - t) / 4000)
        >>> x = (0.5 * fade * np.sin(2 * np.pi * t / 4 + np.pi / 4)).astype(np.float32)  # samples never above 0.354
        >>> m = PeakMeter(); m.feed(x[:1000]); m.feed(x[1000:])
        >>> round(20 * math.log10(float(np.abs(x).max())), 1), round(m.dbtp, 1)
        (-9.0, -6.0)
        """
        return 20 * math.log10(self.peak) if self.peak > 0 else float("-inf")
