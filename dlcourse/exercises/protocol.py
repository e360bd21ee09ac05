"""The judge's wire format: plain data only, framed, size-capped, checked on the way in.

Taught on the book's *Exercises* pages (``exercises/index.md``, "For instructors"). Both ends use it: the
trusted judge (:mod:`dlcourse.exercises.judge`) and the sandboxed worker (:mod:`dlcourse.exercises.worker`).
A message is a JSON header plus binary blobs::

    u32 header length | header (UTF-8 JSON) | for each size in header["blobs"]: that many bytes

A value travels as a JSON tree of tagged nodes: ``none``, ``bool``, ``int`` (decimal text), ``float``
(``float.hex``, so NaN and infinities survive exactly), ``str``, ``list``, ``tuple``, ``dict`` (string
keys), ``ndarray`` and ``npscalar`` (a blob in ``.npy`` format, read with ``np.load(allow_pickle=False)``,
numeric dtypes only), ``fn`` (a function from :data:`INPUT_FUNCTIONS`, judge to worker only), ``ref`` (a
value the worker keeps, such as a returned ``predict`` function) and ``other`` (anything else: only its
type's name travels). Encoding looks at exact types, so a subclass of ``float`` or of ``ndarray`` is
``other``: it never reaches the judge as a number.

Nothing here trusts the peer: :func:`decode` rejects unknown tags, deep or long trees, non-numeric or
oversized arrays, and :class:`Reader` rejects frames over its caps.
"""
from __future__ import annotations

import io
import json
import struct

import numpy as np

MAX_HEADER = 1 << 20          # bytes of JSON in one message
MAX_DEPTH = 8                 # nesting of lists, tuples and dicts
MAX_ITEMS = 10_000            # items in one list, tuple or dict
MAX_TEXT = 10_000             # characters of a string, digits of an int
MAX_DIMS = 8
NUMERIC_KINDS = "biuf"


class ProtocolError(Exception):
    """A message that breaks the format or its limits."""


class Other:
    """A value the worker could not send as plain data; only its type's name is known."""

    def __init__(self, type_name: str):
        self.type_name = str(type_name)[:100]

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


class Ref:
    """A value kept in the worker (``keep=True``), callable through the judge's student proxy."""

    def __init__(self, ref_id: int, callable_: bool, type_name: str):
        self.id, self.callable, self.type_name = ref_id, callable_, type_name

    def __repr__(self) -> str:
        return f"<{self.type_name} kept in the submission's process>"


# Functions and generators the judge may pass as inputs (a numerical Jacobian needs a function, an occlusion map a model): the judge sends a name and its
# arrays, the worker builds the function. No code travels.
INPUT_FUNCTIONS = {
    "sum_squares": lambda: (lambda v: float(np.sum(np.asarray(v) ** 2))),
    "sum_sin_matmul": lambda A: (lambda v: float(np.sum(np.sin(A @ v)))),
    "default_rng": lambda seed: np.random.default_rng(seed),
    "tanh_matmul": lambda A: (lambda v: np.tanh(A @ np.asarray(v))),
    "cube": lambda: (lambda v: np.asarray(v) ** 3),
    "masked_sum": lambda mask: (lambda image: float(np.sum(mask * np.asarray(image)))),
    "tanh_masked_sum": lambda mask, scale: (lambda image: float(np.tanh(scale * np.sum(mask * np.asarray(image))))),
}


def encode(value, blobs: list[bytes], keep=None, depth: int = 0) -> dict:
    """The JSON node of ``value``; arrays go to ``blobs``. ``keep(value) -> Ref`` handles callables."""
    if depth > MAX_DEPTH:
        return {"t": "other", "type": "too deeply nested"}
    kind = type(value)
    if value is None:
        return {"t": "none"}
    if kind is bool:
        return {"t": "bool", "v": value}
    if kind is int:
        text = int.__repr__(value)
        return {"t": "int", "v": text} if len(text) <= MAX_TEXT else {"t": "other", "type": "int (too long)"}
    if kind is float:
        return {"t": "float", "v": float.hex(value)}
    if kind is str:
        return {"t": "str", "v": str.__str__(value)[:MAX_TEXT]}
    if kind in (list, tuple):
        items = list.__iter__(value) if kind is list else tuple.__iter__(value)
        items = list(items)
        if len(items) > MAX_ITEMS:
            return {"t": "other", "type": f"{kind.__name__} of {len(items)} items"}
        return {"t": kind.__name__, "v": [encode(v, blobs, keep, depth + 1) for v in items]}
    if kind is dict:
        pairs = list(dict.items(value))
        if len(pairs) > MAX_ITEMS or any(type(k) is not str for k, _ in pairs):
            return {"t": "other", "type": "dict (keys must be strings)"}
        return {"t": "dict", "v": [[str.__str__(k)[:MAX_TEXT], encode(v, blobs, keep, depth + 1)] for k, v in pairs]}
    if kind is np.ndarray or (isinstance(value, np.generic) and kind.__module__ == "numpy"):
        array = np.asarray(value) if kind is np.ndarray else np.array(value)
        if array.dtype.kind not in NUMERIC_KINDS or array.dtype.fields is not None or array.ndim > MAX_DIMS:
            return {"t": "other", "type": f"array of dtype {array.dtype}"}
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        blobs.append(buffer.getvalue())
        return {"t": "ndarray" if kind is np.ndarray else "npscalar", "b": len(blobs) - 1}
    if keep is not None and callable(value):
        return keep(value)
    return {"t": "other", "type": getattr(kind, "__qualname__", "object")}


def decode(node, blobs: list[bytes], functions: bool = False, refs: dict | None = None, depth: int = 0):
    """The value of a JSON node; raises :class:`ProtocolError` on anything malformed or over a limit.

    ``functions`` allows ``fn`` nodes (the worker, decoding the judge's inputs); ``refs`` resolves
    ``ref`` nodes to the worker's kept values.
    """
    if depth > MAX_DEPTH + 1 or not isinstance(node, dict) or not isinstance(node.get("t"), str):
        raise ProtocolError("malformed value")
    tag, v = node["t"], node.get("v")
    if tag == "none":
        return None
    if tag == "bool" and type(v) is bool:
        return v
    if tag == "int" and type(v) is str and 0 < len(v) <= MAX_TEXT and v.lstrip("-").isdigit():
        return int(v)
    if tag == "float" and type(v) is str and len(v) < 40:
        try:
            return float.fromhex(v)
        except ValueError:
            raise ProtocolError("malformed float") from None
    if tag == "str" and type(v) is str and len(v) <= MAX_TEXT:
        return v
    if tag in ("list", "tuple") and type(v) is list and len(v) <= MAX_ITEMS:
        items = [decode(x, blobs, functions, refs, depth + 1) for x in v]
        return items if tag == "list" else tuple(items)
    if tag == "dict" and type(v) is list and len(v) <= MAX_ITEMS:
        out = {}
        for pair in v:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
                raise ProtocolError("malformed dict")
            out[pair[0]] = decode(pair[1], blobs, functions, refs, depth + 1)
        return out
    if tag in ("ndarray", "npscalar"):
        index = node.get("b")
        if type(index) is not int or not 0 <= index < len(blobs):
            raise ProtocolError("array without its data")
        try:
            array = np.load(io.BytesIO(blobs[index]), allow_pickle=False)
        except Exception as error:  # noqa: BLE001 - any unreadable array is a protocol error
            raise ProtocolError(f"unreadable array: {type(error).__name__}") from None
        if type(array) is not np.ndarray or array.dtype.kind not in NUMERIC_KINDS or array.dtype.fields \
                or array.ndim > MAX_DIMS or (tag == "npscalar" and array.ndim != 0):
            raise ProtocolError("not a numeric array")
        return array if tag == "ndarray" else array[()]
    if tag == "other":
        return Other(str(node.get("type", "object")))
    if tag == "ref" and type(node.get("id")) is int:
        if refs is not None:
            if node["id"] not in refs:
                raise ProtocolError("unknown reference")
            return refs[node["id"]]
        return Ref(node["id"], bool(node.get("callable")), str(node.get("type", "object"))[:100])
    if tag == "fn" and functions and node.get("name") in INPUT_FUNCTIONS:
        args = [decode(a, blobs, False, None, depth + 1) for a in node.get("args", [])]
        return INPUT_FUNCTIONS[node["name"]](*args)
    raise ProtocolError(f"unknown or malformed value of type {tag!r}"[:100])


def function_input(name: str, *args) -> "FunctionInput":
    """An input that the worker turns into one of :data:`INPUT_FUNCTIONS` (judge side)."""
    if name not in INPUT_FUNCTIONS:
        raise ValueError(f"no input function {name!r}")
    return FunctionInput(name, args)


class FunctionInput:
    def __init__(self, name: str, args: tuple):
        self.name, self.args = name, args


def encode_input(value, blobs: list[bytes]) -> dict:
    """Judge side: like :func:`encode`, plus :class:`FunctionInput` and :class:`Ref` inputs."""
    if isinstance(value, FunctionInput):
        return {"t": "fn", "name": value.name, "args": [encode(a, blobs) for a in value.args]}
    if isinstance(value, Ref):
        return {"t": "ref", "id": value.id}
    if type(value) in (list, tuple):
        return {"t": type(value).__name__, "v": [encode_input(v, blobs) for v in value]}
    return encode(value, blobs)


def pack(header: dict, blobs: list[bytes] = ()) -> bytes:
    """One framed message."""
    header = dict(header, blobs=[len(b) for b in blobs])
    text = json.dumps(header, separators=(",", ":"), allow_nan=False).encode()
    return struct.pack(">I", len(text)) + text + b"".join(blobs)


class Reader:
    """Reads framed messages from a binary stream, never more than ``max_message`` bytes of blobs in one
    message nor ``max_total`` bytes in all."""

    def __init__(self, stream, max_message: int, max_total: int):
        self.stream, self.max_message, self.max_total, self.total = stream, max_message, max_total, 0

    def _exactly(self, n: int) -> bytes:
        self.total += n
        if self.total > self.max_total:
            raise ProtocolError(f"sent more than {self.max_total:,} bytes in all")
        chunks, left = [], n
        while left:
            chunk = self.stream.read(left)
            if not chunk:
                raise EOFError("the stream ended")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def read(self) -> tuple[dict, list[bytes]]:
        (size,) = struct.unpack(">I", self._exactly(4))
        if size > MAX_HEADER:
            raise ProtocolError(f"a message header of {size:,} bytes (the limit is {MAX_HEADER:,})")
        try:
            header = json.loads(self._exactly(size))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ProtocolError("a message header that is not JSON") from None
        sizes = header.get("blobs", []) if isinstance(header, dict) else None
        if not isinstance(sizes, list) or not all(type(s) is int and s >= 0 for s in sizes) \
                or len(sizes) > MAX_ITEMS:
            raise ProtocolError("a message with malformed blob sizes")
        if sum(sizes) > self.max_message:
            raise ProtocolError(f"a message of {sum(sizes):,} bytes (the limit is {self.max_message:,})")
        return header, [self._exactly(s) for s in sizes]
