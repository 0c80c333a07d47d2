"""Vectorised decoding of PostgreSQL's binary COPY rows into Arrow arrays (needs numpy).

A chunk is ``data`` (the rows' bytes, back to back, followed by ``PAD`` of padding) and
``starts`` (where each row begins).  A row is an int16 field count, then per field an int32 length
(-1 = NULL) and that many bytes, all big-endian.  Each column is decoded for every row at once: a gather
through an unaligned big-endian view reads the lengths at the current per-row positions, another the
values, and the positions advance by the lengths.  Text goes straight into Arrow offsets and data.

Mapping rules (see the jdbc README): timestamps are µs since 2000-01-01 shifted to 1970; dates days since
2000-01-01; ±infinity timestamps/dates become the largest/smallest value Python and .NET can hold
(9999-12-31 23:59:59.999999 / 0001-01-01, as psycopg2 does); other values outside 0001..9999 are an
error naming the column; interval → µs with months as 30 days and years (12 months) as 365 days.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .._arrow import pa
from ..errors import JDBCQueryError
from .pg_numeric import decimal_array

__all__ = ["KINDS", "FramingError", "PAD", "decode_rows"]

PAD = b"\0" * 16  # a gather at a NULL field's position may read up to 16 bytes (interval) past the last row

_POSTGRES_EPOCH_DAYS = 10957  # 2000-01-01 - 1970-01-01
_POSTGRES_EPOCH_US = _POSTGRES_EPOCH_DAYS * 86_400_000_000
_MIN_DAYS, _MAX_DAYS = -719_162, 2_932_896  # 0001-01-01, 9999-12-31 (days since 1970)
_MIN_US, _MAX_US = _MIN_DAYS * 86_400_000_000, (_MAX_DAYS + 1) * 86_400_000_000 - 1
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_US_PER_DAY = 86_400_000_000

# decode kind -> width in bytes of its binary form (None: variable width)
KINDS: dict[str, int | None] = {
    "bool": 1,
    "int16": 2,
    "int32": 4,
    "int64": 8,
    "oid": 4,
    "float32": 4,
    "float64": 8,
    "date": 4,
    "time": 8,
    "timestamp": 8,
    "interval": 16,
    "text": None,
    "binary": None,
    "decimal": None,  # numeric as text, parsed value by value
    "decimal18": None,  # numeric(p ≤ 18) as text, parsed column-wise
}


class FramingError(Exception):
    """The row starts do not match the data (the caller re-parses the rows one by one)."""


class _Views:
    """Unaligned big-endian views of one chunk's bytes, one per width, indexable at any byte offset."""

    def __init__(self, data: bytes | bytearray) -> None:
        size = len(data)
        self.u8 = np.frombuffer(data, np.uint8)
        self._data = data
        self._size = size
        self._cache: dict[str, Any] = {}

    def be(self, dtype: str) -> Any:
        view = self._cache.get(dtype)
        if view is None:
            width = np.dtype(dtype).itemsize
            view = np.ndarray((self._size - width + 1,), dtype, self._data, 0, (1,))
            self._cache[dtype] = view
        return view


def _native(values: Any) -> Any:
    return values.astype(values.dtype.newbyteorder("="))


def _validity(valid: Any, nulls: int) -> Any:
    return None if nulls == 0 else pa.py_buffer(np.packbits(valid, bitorder="little"))


def _fixed(views: _Views, datapos: Any, valid: Any, dtype: str) -> Any:
    values = _native(views.be(dtype)[datapos])
    values[~valid] = 0
    return values


def _out_of_range(column: str, what: str) -> JDBCQueryError:
    return JDBCQueryError(
        f"column '{column}': a {what} outside the years 0001..9999 cannot be read into Arrow timestamps that "
        f"Python and .NET can hold; cast it to text in the 'query' option (e.g. {column}::text)"
    )


def _dates(views: _Views, datapos: Any, valid: Any, column: str) -> Any:
    days = _fixed(views, datapos, valid, ">i4").astype(np.int64)
    days[days == _INT32_MAX] = _MAX_DAYS - _POSTGRES_EPOCH_DAYS
    days[days == _INT32_MIN] = _MIN_DAYS - _POSTGRES_EPOCH_DAYS
    days += _POSTGRES_EPOCH_DAYS
    if len(days) and (days.min() < _MIN_DAYS or days.max() > _MAX_DAYS):
        raise _out_of_range(column, "date")
    return days.astype(np.int32)


def _timestamps(views: _Views, datapos: Any, valid: Any, column: str) -> Any:
    micros = _fixed(views, datapos, valid, ">i8")
    finite = (micros != _INT64_MAX) & (micros != _INT64_MIN)
    if finite.all():
        micros += _POSTGRES_EPOCH_US
    else:
        infinite = ~finite
        positive = micros == _INT64_MAX
        micros[infinite] = 0
        micros += _POSTGRES_EPOCH_US
        micros[positive] = _MAX_US
        micros[infinite & ~positive] = _MIN_US
    if len(micros) and (micros.min() < _MIN_US or micros.max() > _MAX_US):
        raise _out_of_range(column, "timestamp")
    return micros


def _intervals(views: _Views, datapos: Any, valid: Any) -> Any:
    micros = _fixed(views, datapos, valid, ">i8")
    days = _fixed(views, datapos + 8, valid, ">i4").astype(np.int64)
    months = _fixed(views, datapos + 12, valid, ">i4").astype(np.int64)
    years = np.sign(months) * (np.abs(months) // 12)  # C truncation, as psycopg2 reads "-1 years -2 mons"
    days += years * 365 + (months - years * 12) * 30
    return micros + days * _US_PER_DAY


def _variable(views: _Views, datapos: Any, lengths: Any) -> tuple[Any, Any]:
    """(int32 Arrow offsets, uint8 data) of the fields' bytes, gathered in one pass.

    The gather index repeats each field's start (shifted by its output offset) over its length and adds
    0, 1, 2, ...: int32 where the chunk allows it, which halves the index's memory traffic.
    """
    sizes = np.maximum(lengths, 0)
    offsets = np.zeros(len(sizes) + 1, np.int64)
    np.cumsum(sizes, out=offsets[1:])
    total = int(offsets[-1])
    if total > _INT32_MAX:
        raise FramingError("more than 2 GiB of text in one chunk")
    index_type = np.int32 if len(views.u8) <= _INT32_MAX else np.int64
    index = np.repeat((datapos - offsets[:-1]).astype(index_type), sizes)
    index += np.arange(total, dtype=index_type)
    return offsets.astype(np.int32), views.u8[index]


def _array(
    kind: str, arrow_type: Any, count: int, views: _Views, datapos: Any, lengths: Any, valid: Any, column: str
) -> Any:
    nulls = count - int(np.count_nonzero(valid))
    validity = _validity(valid, nulls)
    if kind in ("text", "binary"):
        offsets, data = _variable(views, datapos, lengths)
        buffers = [validity, pa.py_buffer(offsets), pa.py_buffer(data)]
        return pa.Array.from_buffers(arrow_type, count, buffers, null_count=nulls)
    if kind in ("decimal", "decimal18"):
        offsets, text = _variable(views, datapos, lengths)
        return decimal_array(offsets, text, valid, validity, nulls, column, arrow_type, fast=kind == "decimal18")
    if kind == "bool":
        values = np.packbits((views.u8[datapos] != 0) & valid, bitorder="little")
    elif kind == "date":
        values = _dates(views, datapos, valid, column)
    elif kind == "timestamp":
        values = _timestamps(views, datapos, valid, column)
    elif kind == "interval":
        values = _intervals(views, datapos, valid)
    elif kind == "oid":
        values = _fixed(views, datapos, valid, ">u4").astype(np.int64)
    else:
        values = _fixed(views, datapos, valid, _FIXED_DTYPES[kind])
    return pa.Array.from_buffers(arrow_type, count, [validity, pa.py_buffer(values)], null_count=nulls)


_FIXED_DTYPES = {"int16": ">i2", "int32": ">i4", "int64": ">i8", "float32": ">f4", "float64": ">f8", "time": ">i8"}


def decode_rows(data: bytes | bytearray, starts: Any, ends: Any, columns: Sequence[tuple[str, str, Any]]) -> list[Any]:
    """Arrow arrays of the rows at ``starts`` (each ending at ``ends``); ``columns``: (name, kind, Arrow type).

    Raises :class:`FramingError` when a row does not have the expected fields (or does not end where
    ``ends`` says), which is what happens when the starts were guessed from message boundaries that do
    not coincide with rows.
    """
    views = _Views(data)
    count = len(starts)
    limit = len(data) - len(PAD)
    try:
        if count and not (views.be(">i2")[starts] == len(columns)).all():
            raise FramingError("field count")
        positions = starts + 2
        arrays = []
        for name, kind, arrow_type in columns:
            if count and (positions.max() + 4 > limit):
                raise FramingError("past the end")
            lengths = views.be(">i4")[positions].astype(np.int64)
            valid = lengths >= 0
            width = KINDS[kind]
            bad = (lengths < -1) if width is None else ~(valid & (lengths == width)) & (lengths != -1)
            if bad.any():
                raise FramingError(f"column '{name}': field lengths do not fit {kind}")
            datapos = positions + 4
            positions = datapos + np.maximum(lengths, 0)
            if count and positions.max() > limit:
                raise FramingError("past the end")
            arrays.append(_array(kind, arrow_type, count, views, datapos, lengths, valid, name))
        if count and not (positions == ends).all():
            raise FramingError("row length")
    except IndexError:
        raise FramingError("past the end") from None
    return arrays
