"""Answer checks with helpful messages, used by the exercises' public and hidden tests.

Taught on the book's *Exercises* pages (``exercises/index.md``). Every check returns ``None`` when the
answer is right and raises :class:`AssertionError` with a message that says what was expected and what
came back otherwise, so ``grader.check("q1")`` can show the student exactly what to fix.
"""
from __future__ import annotations

import numpy as np

__all__ = ["check_array", "check_scalar", "check_equal", "check_true"]


def _describe(value) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + " ..."


def _not_an_answer(got, what: str) -> None:
    if got is None:
        raise AssertionError(f"{what} returned None: did you forget a `return` statement?")
    if got is Ellipsis:
        raise AssertionError(f"{what} is still `...`: replace the `...` with your answer.")


def check_array(got, expected, what: str, *, rtol: float = 1e-6, atol: float = 1e-8,
                kind: str | None = "f") -> None:
    """Check that ``got`` is an array equal to ``expected`` (same shape, close values, no NaN).

    ``kind`` is the expected NumPy dtype kind: ``'f'`` float (the default), ``'i'`` integer (signed or
    unsigned), ``'b'`` boolean, or None to accept any numeric kind.
    """
    _not_an_answer(got, what)
    expected = np.asarray(expected)
    if not isinstance(got, (np.ndarray, np.generic, list, tuple, int, float, bool)):
        raise AssertionError(f"{what}: expected a NumPy array of shape {expected.shape}, got {type(got).__name__} "
                             f"{_describe(got)}")
    got = np.asarray(got)
    if got.dtype == object:
        raise AssertionError(f"{what}: expected numbers, got an array of Python objects {_describe(got)}")
    if got.shape != expected.shape:
        raise AssertionError(f"{what}: expected shape {expected.shape}, got shape {got.shape}")
    if kind == "f" and got.dtype.kind != "f":
        raise AssertionError(f"{what}: expected a floating-point array, got dtype {got.dtype}")
    if kind == "i" and got.dtype.kind not in "iu":
        raise AssertionError(f"{what}: expected an integer array, got dtype {got.dtype}")
    if kind == "b" and got.dtype.kind != "b":
        raise AssertionError(f"{what}: expected a boolean array, got dtype {got.dtype}")
    if got.dtype.kind in "fc" and not np.all(np.isfinite(got)):
        bad = int(np.sum(~np.isfinite(got)))
        raise AssertionError(f"{what}: {bad} of {got.size} values are NaN or infinite (overflow? division by 0?)")
    if not np.allclose(got, expected, rtol=rtol, atol=atol):
        diff = np.abs(got.astype(float) - expected.astype(float))
        index = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
        raise AssertionError(
            f"{what}: values differ (largest difference {float(diff.max()):.3g} at index {tuple(int(i) for i in index)}: "
            f"expected {float(expected[index]):.6g}, got {float(got[index]):.6g})\n"
            f"expected {_describe(np.round(expected, 6))}\ngot      {_describe(np.round(got, 6))}")


def check_scalar(got, expected: float, what: str, *, tol: float = 1e-6) -> None:
    """Check that ``got`` is a finite number within ``tol`` (absolute) of ``expected``."""
    _not_an_answer(got, what)
    try:
        value = float(got)
    except (TypeError, ValueError):
        raise AssertionError(f"{what}: expected a number, got {type(got).__name__} {_describe(got)}") from None
    if not np.isfinite(value):
        raise AssertionError(f"{what}: expected a finite number close to {expected:.6g}, got {value}")
    if abs(value - expected) > tol:
        raise AssertionError(f"{what}: expected {expected:.6g} (within {tol:g}), got {value:.6g}")


def check_equal(got, expected, what: str) -> None:
    """Check exact equality (integers, tuples of integers, strings)."""
    _not_an_answer(got, what)
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            raise AssertionError(f"{what}: expected a tuple of {len(expected)} values like {expected!r}, "
                                 f"got {_describe(got)}")
        got = tuple(got)
    if isinstance(expected, int) and isinstance(got, (float, np.floating)) and float(got).is_integer():
        got = int(got)
    if got != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {_describe(got)}")


def check_true(condition, message: str) -> None:
    """Raise ``AssertionError(message)`` unless ``condition`` is true."""
    if not bool(condition):
        raise AssertionError(message)
