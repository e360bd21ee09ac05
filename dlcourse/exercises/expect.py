"""The judge's comparisons: strict types, shapes and dtypes, made in the judge's own process.

Taught on the book's *Exercises* pages (``exercises/index.md``, "For instructors"). The values compared
here came from the sandbox as plain data (:mod:`dlcourse.exercises.protocol`), so they are exactly
``int``, ``float``, ``bool``, ``str``, ``list``, ``tuple``, ``dict``, NumPy arrays and NumPy scalars, or
:class:`~dlcourse.exercises.protocol.Other` for anything else. Every check returns nothing when the answer
is right and raises :class:`Wrong` with a message saying what was expected and what came back.
"""
from __future__ import annotations

import numpy as np

from .protocol import Other, Ref


class Wrong(Exception):
    """A wrong answer; the message is shown to the student and the instructor."""


def describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"a {value.dtype} array of shape {value.shape}"
    if isinstance(value, (Other, Ref)):
        return f"an object of type {value.type_name}"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 80 else text[:80] + ' ...'}"


def array(got, expected, what: str, *, rtol: float = 1e-6, atol: float = 1e-8, dtype: str = "float") -> None:
    """``got`` must be a NumPy array of ``expected``'s shape, of kind ``dtype`` (``'float'``: float64,
    ``'int'``: any integer type, ``'bool'``), finite and close to ``expected``."""
    expected = np.asarray(expected)
    if got is None:
        raise Wrong(f"{what}: returned None (a missing `return`?)")
    if not isinstance(got, np.ndarray):
        raise Wrong(f"{what}: expected a NumPy array of shape {expected.shape}, got {describe(got)}")
    if got.shape != expected.shape:
        raise Wrong(f"{what}: expected shape {expected.shape}, got shape {got.shape}")
    if dtype == "float" and got.dtype != np.float64:
        raise Wrong(f"{what}: expected a float64 array, got dtype {got.dtype}")
    if dtype == "int" and got.dtype.kind not in "iu":
        raise Wrong(f"{what}: expected an integer array, got dtype {got.dtype}")
    if dtype == "bool" and got.dtype != np.bool_:
        raise Wrong(f"{what}: expected a boolean array, got dtype {got.dtype}")
    if got.dtype.kind == "f" and not np.all(np.isfinite(got)):
        bad = int(np.sum(~np.isfinite(got)))
        raise Wrong(f"{what}: {bad} of {got.size} values are NaN or infinite (overflow? division by 0?)")
    diff = np.abs(got.astype(np.float64) - expected.astype(np.float64))
    if got.size and not np.all(diff <= atol + rtol * np.abs(expected.astype(np.float64))):
        index = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
        where = tuple(int(i) for i in index)
        raise Wrong(f"{what}: values differ (largest difference {float(diff.max()):.3g} at index {where}: "
                    f"expected {float(expected[index]):.6g}, got {float(got[index]):.6g})")


def scalar(got, expected: float, what: str, *, tol: float = 1e-6) -> None:
    """``got`` must be a float (Python or NumPy), finite, within ``tol`` of ``expected``."""
    if not isinstance(got, (float, np.floating)):
        raise Wrong(f"{what}: expected a float, got {describe(got)}")
    if not np.isfinite(got):
        raise Wrong(f"{what}: expected a finite number close to {expected:.6g}, got {float(got)}")
    if abs(float(got) - expected) > tol:
        raise Wrong(f"{what}: expected {expected:.6g} (within {tol:g}), got {float(got):.6g}")


def integer(got, expected: int, what: str) -> None:
    """``got`` must be an integer (Python or NumPy, not bool) equal to ``expected``."""
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
        raise Wrong(f"{what}: expected an integer, got {describe(got)}")
    if int(got) != expected:
        raise Wrong(f"{what}: expected {expected}, got {int(got)}")


def int_tuple(got, expected: tuple, what: str) -> None:
    """``got`` must be a tuple of integers equal to ``expected``."""
    if not isinstance(got, tuple) or len(got) != len(expected):
        raise Wrong(f"{what}: expected a tuple of {len(expected)} integers, got {describe(got)}")
    for index, (g, e) in enumerate(zip(got, expected)):
        integer(g, e, f"{what}[{index}]")


def kind(got, types: tuple, what: str, name: str) -> None:
    """``got`` must be an instance of ``types`` (``name`` says which in the message)."""
    if not isinstance(got, types) or isinstance(got, (Other, Ref)) and Ref not in types:
        raise Wrong(f"{what}: expected {name}, got {describe(got)}")
