"""Generated sound clips and their spectrograms, for a small audio classifier.

Taught in ``chapters/ch5_applications/03_language_and_speech.ipynb``. The clips are *generated* (no recorded
speech ships with the course): each class is a kind of sound with a random pitch, loudness and noise.
"""
from __future__ import annotations

import numpy as np

SOUND_CLASSES = ("steady tone", "rising chirp", "falling chirp", "two-note chord", "beeps")


def generate_clip(kind: int, rng: np.random.Generator, rate: int = 8000, seconds: float = 0.5,
                  noise: float = 0.3) -> np.ndarray:
    """One clip of class ``kind`` (an index into :data:`SOUND_CLASSES`), float32 in roughly [-2, 2]."""
    t = np.arange(int(rate * seconds)) / rate
    f0 = rng.uniform(300.0, 1200.0)
    if kind == 0:
        phase = 2 * np.pi * f0 * t
    elif kind in (1, 2):
        f1 = f0 * rng.uniform(1.8, 2.5) if kind == 1 else f0 / rng.uniform(1.8, 2.5)
        # instantaneous frequency goes linearly from f0 to f1: phase is its integral
        phase = 2 * np.pi * (f0 * t + (f1 - f0) * t ** 2 / (2 * seconds))
    elif kind == 3:
        ratio = rng.uniform(1.2, 1.6)
        signal = 0.5 * (np.sin(2 * np.pi * f0 * t) + np.sin(2 * np.pi * f0 * ratio * t))
        return _finish(signal, rng, noise)
    elif kind == 4:
        gate = (np.floor(t * rng.uniform(6.0, 10.0) * 2) % 2 == 0).astype(float)
        return _finish(gate * np.sin(2 * np.pi * f0 * t), rng, noise)
    else:
        raise ValueError(f"kind must be 0..{len(SOUND_CLASSES) - 1}, got {kind}")
    return _finish(np.sin(phase), rng, noise)


def _finish(signal: np.ndarray, rng: np.random.Generator, noise: float) -> np.ndarray:
    loudness = rng.uniform(0.5, 1.0)
    return (loudness * signal + noise * rng.standard_normal(signal.shape)).astype(np.float32)


def generate_dataset(n_per_class: int, seed: int = 0, **kwargs) -> tuple[np.ndarray, np.ndarray]:
    """``n_per_class`` clips of every class, shuffled: ``(clips [N, samples], labels [N])``."""
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(len(SOUND_CLASSES)), n_per_class)
    rng.shuffle(labels)
    clips = np.stack([generate_clip(int(k), rng, **kwargs) for k in labels])
    return clips, labels.astype(np.int64)


def spectrogram(signal: np.ndarray, n_fft: int = 256, hop: int = 128) -> np.ndarray:
    """log(1 + |STFT|) with a Hann window: ``[n_fft // 2 + 1 frequencies, frames]``.

    Works on one clip ``[samples]`` or a batch ``[N, samples]`` (then ``[N, freqs, frames]``).
    """
    signal = np.asarray(signal, dtype=np.float64)
    window = np.hanning(n_fft)
    starts = np.arange(0, signal.shape[-1] - n_fft + 1, hop)
    frames = signal[..., starts[:, None] + np.arange(n_fft)[None, :]] * window
    magnitude = np.abs(np.fft.rfft(frames, axis=-1))
    return np.log1p(np.swapaxes(magnitude, -1, -2)).astype(np.float32)
