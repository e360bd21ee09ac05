import numpy as np
import pytest

from dlcourse import losses
from dlcourse.apps import timeseries


def test_make_windows_slides_by_one():
    X, y = timeseries.make_windows(np.arange(6.0), 2)
    assert X.tolist() == [[0, 1], [1, 2], [2, 3], [3, 4]]
    assert y.tolist() == [2, 3, 4, 5]


def test_make_windows_rejects_short_series():
    with pytest.raises(ValueError):
        timeseries.make_windows(np.arange(3.0), 3)


def test_naive_forecast_repeats_the_last_value():
    X, y = timeseries.make_windows(np.array([1.0, 2.0, 4.0, 7.0]), 2)
    assert timeseries.naive_forecast(X).tolist() == [2.0, 4.0]
    assert losses.mse(timeseries.naive_forecast(X), y) == pytest.approx((4 + 9) / 2)


def test_goog_series_is_the_matplotlib_sample():
    dates, close = timeseries.load_goog_close()
    assert len(dates) == len(close) == 1047
    assert str(dates[0]) == "2004-08-19" and str(dates[-1]) == "2008-10-14"
    assert close[0] == pytest.approx(100.34)
    assert np.all(np.diff(dates.astype("int64")) > 0)
