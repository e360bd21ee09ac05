import numpy as np
import pytest

from dlcourse.apps import audio


def test_dataset_shapes_balance_and_determinism():
    clips, labels = audio.generate_dataset(4, seed=3)
    assert clips.shape == (4 * len(audio.SOUND_CLASSES), 4000) and clips.dtype == np.float32
    assert np.bincount(labels).tolist() == [4] * len(audio.SOUND_CLASSES)
    again, _ = audio.generate_dataset(4, seed=3)
    assert np.array_equal(clips, again)


def test_spectrogram_peak_is_at_the_tone_frequency():
    rate, n_fft = 8000, 256
    t = np.arange(4000) / rate
    spec = audio.spectrogram(np.sin(2 * np.pi * 1000.0 * t), n_fft=n_fft, hop=128)
    assert spec.shape == (n_fft // 2 + 1, (4000 - n_fft) // 128 + 1)
    assert np.all(spec.argmax(axis=0) == round(1000.0 * n_fft / rate))


def test_rising_chirp_rises():
    rng = np.random.default_rng(0)
    spec = audio.spectrogram(audio.generate_clip(1, rng, noise=0.0))
    peaks = spec.argmax(axis=0)
    assert peaks[-1] > 1.5 * peaks[0]


def test_unknown_kind_raises():
    with pytest.raises(ValueError):
        audio.generate_clip(len(audio.SOUND_CLASSES), np.random.default_rng(0))
