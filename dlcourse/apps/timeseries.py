"""Time-series forecasting helpers: sliding windows, the naive baseline and a real stock series.

Taught in ``chapters/ch5_applications/02_sequences_and_finance.ipynb``.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np


def make_windows(series: np.ndarray, lookback: int) -> tuple[np.ndarray, np.ndarray]:
    """Inputs ``[N, lookback]`` (the last ``lookback`` values) and targets ``[N]`` (the next value)."""
    series = np.asarray(series, dtype=np.float64)
    if series.ndim != 1 or len(series) <= lookback:
        raise ValueError(f"need a 1-D series longer than lookback={lookback}, got shape {series.shape}")
    index = np.arange(lookback)[None, :] + np.arange(len(series) - lookback)[:, None]
    return series[index], series[lookback:]


def naive_forecast(windows: np.ndarray) -> np.ndarray:
    """Tomorrow equals today: the last value of each window (the random-walk forecast)."""
    return np.asarray(windows)[:, -1]


def load_goog_close() -> tuple[np.ndarray, np.ndarray]:
    """Daily closing prices of Google (GOOG), 2004-08-19 to 2008-10-14: ``(dates, close)``.

    The prices come from Yahoo! Finance; matplotlib ships them as the example file ``goog.npz`` in its
    sample data, so they need no network. Matplotlib's licence covers matplotlib, not these prices, whose
    terms of use are Yahoo's.
    """
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "sample_data" / "goog.npz"
    data = np.load(path)["price_data"]
    return data["date"], data["close"].astype(np.float64)
