"""numeric(p, s) → decimal128 from PostgreSQL's text form (``column::text``), vectorised for p ≤ 18.

The text of a numeric(p, s) value is an optional ``-``, digits, and exactly ``s`` digits after a ``.``; its
digits read as one integer are the decimal's unscaled value, which fits int64 when p ≤ 18.  Each digit is
weighted by the power of ten of the digits after it in its value and the products are summed per value.
Anything else (NaN, Infinity, a value whose scale is not the column's) falls back to ``Decimal`` value by value.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from .._arrow import pa
from ..errors import JDBCQueryError

__all__ = ["decimal_array"]

_POWERS = 10 ** np.arange(19, dtype=np.int64)
_MAX_FAST_DIGITS = 18


def _unscaled(offsets: Any, text: Any, count: int, scale: int) -> Any | None:
    """int64 unscaled values (0 for NULLs), or None when some text is not a plain decimal of this scale."""
    sizes = np.diff(offsets)
    filled = sizes > 0
    starts = offsets[:-1][filled]
    unscaled = np.zeros(count, np.int64)
    if not len(starts):
        return unscaled
    digit = (text >= 48) & (text <= 57)
    first = np.zeros(len(text), np.bool_)
    first[starts] = True
    minus = (text == 45) & first
    dot = text == 46
    if not (digit | minus | dot).all():
        return None
    seen = np.cumsum(digit)  # digits up to and including each byte
    last = seen[offsets[1:][filled] - 1]
    owner = np.repeat(np.arange(len(starts)), sizes[filled])
    after = last[owner] - seen  # digits after each byte in its value
    digits = last - np.concatenate(([0], seen))[starts]
    if digits.max() > _MAX_FAST_DIGITS:
        return None
    if (np.add.reduceat(dot.astype(np.int64), starts) > 1).any():
        return None
    fraction = np.add.reduceat(np.where(dot, after, 0), starts)  # digits after the '.', 0 without one
    if not (fraction == scale).all():
        return None
    weighted = np.where(digit, (text.astype(np.int64) - 48) * _POWERS[np.minimum(after, 18)], 0)
    values = np.add.reduceat(weighted, starts)
    negative = np.add.reduceat(minus, starts) > 0
    unscaled[filled] = np.where(negative, -values, values)
    return unscaled


def decimal_array(
    offsets: Any, text: Any, valid: Any, validity: Any, nulls: int, column: str, arrow_type: Any, fast: bool
) -> Any:
    """A decimal128 array of the numeric text values (``offsets`` into ``text``); ``fast``: precision ≤ 18."""
    count = len(offsets) - 1
    if fast:
        unscaled = _unscaled(offsets, text, count, arrow_type.scale)
        if unscaled is not None:
            words = np.empty((count, 2), np.int64)  # little-endian 128-bit two's complement
            words[:, 0] = unscaled
            words[:, 1] = unscaled >> 63
            return pa.Array.from_buffers(arrow_type, count, [validity, pa.py_buffer(words)], null_count=nulls)
    values: list[Decimal | None] = []
    raw = text.tobytes()
    for start, end, ok in zip(offsets[:-1].tolist(), offsets[1:].tolist(), valid.tolist()):
        if not ok:
            values.append(None)
            continue
        try:
            values.append(Decimal(raw[start:end].decode("ascii")))
        except (InvalidOperation, UnicodeDecodeError):
            raise JDBCQueryError(f"column '{column}': cannot read numeric text {raw[start:end]!r}") from None
    try:
        return pa.array(values, type=arrow_type)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise JDBCQueryError(f"column '{column}': cannot convert a value to {arrow_type}: {exc}") from None
