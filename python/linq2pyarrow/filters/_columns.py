"""Column-wise evaluation of the ``filters`` hint: a mask over whole columns, numpy when the columns are ndarrays.

Pure Python: every term is one C-level pass (``map`` over an ``operator``
function or a frozenset's ``__contains__``, collected into ``bytes`` of 0/1),
and masks combine as big integers (``&`` / ``|`` over the whole mask at once),
so the cost per row is a few tens of nanoseconds per term.  numpy columns are
compared vectorised.  Both give exactly the row evaluator's answers.
"""
import datetime
import operator
import sys
from itertools import compress, repeat
from typing import Any, Dict, Mapping, Optional, Sequence

from ._dnf import NEGATIONS, is_pushable, normalize_filters
from ._rows import is_nan, membership, term_predicate

__all__ = ["filter_mask", "filter_pydict", "filter_batch"]

_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_INVERT = bytes.maketrans(b"\x00\x01", b"\x01\x00")


class _Null:
    """Stands in for None in an ordering pass: every comparison with it is false, as with a null."""

    __slots__ = ()

    def __lt__(self, other):
        return False

    __le__ = __gt__ = __ge__ = __lt__


_NULL = _Null()


def _numpy():
    return sys.modules.get("numpy")


def _is_ndarray(values: Any) -> bool:
    ndarray = getattr(_numpy(), "ndarray", None)
    return ndarray is not None and isinstance(values, ndarray)


# ---- pure Python ------------------------------------------------------------------------------------------


def _python_term(values: Sequence[Any], op: str, operand: Any) -> bytes:
    """0/1 per row."""
    if op in ("in", "not in"):
        try:
            flags = bytes(map(membership(operand), values))  # None is never a member: in false, not in true
        except TypeError:
            return bytes(map(term_predicate(op, operand), values))
        return flags if op == "in" else flags.translate(_INVERT)
    compare = _COMPARE[op]
    try:
        # == and != need no care for None: None == x is False and None != x is True, as for a null.
        return bytes(map(compare, values, repeat(operand)))
    except TypeError:
        pass
    try:
        return bytes(map(compare, [_NULL if v is None else v for v in values], repeat(operand)))
    except TypeError:  # values of another type than the operand's: the row evaluator keeps such rows
        return bytes(map(term_predicate(op, operand), values))


def _as_int(mask: bytes) -> int:
    return int.from_bytes(mask, "little")


# ---- numpy ------------------------------------------------------------------------------------------------


def _numpy_operand(np: Any, dtype: Any, operand: Any) -> Any:
    """The operand as numpy compares it with *dtype*, or None when only the Python path is exact."""
    kind = dtype.kind
    if isinstance(operand, bool):
        return operand if kind == "b" else None
    if kind in "iuf":
        if isinstance(operand, (int, float)) and not isinstance(operand, bool):
            if isinstance(operand, int) and kind in "iu":
                limits = np.iinfo(dtype)
                if not limits.min <= operand <= limits.max:
                    return None  # outside the column type's range: let Python compare exactly
            return operand
        return None
    if kind == "M":
        if isinstance(operand, datetime.datetime):
            if operand.tzinfo is not None:
                operand = operand.astimezone(datetime.timezone.utc).replace(tzinfo=None)
            return np.datetime64(operand, "us")
        if isinstance(operand, datetime.date):
            return np.datetime64(operand, "D")
        return None
    if kind == "m":
        return np.timedelta64(operand, "us") if isinstance(operand, datetime.timedelta) else None
    if kind == "U":
        return operand if isinstance(operand, str) else None
    if kind == "S":
        return operand if isinstance(operand, bytes) else None
    return None


def _numpy_term(np: Any, values: Any, op: str, operand: Any) -> Optional[Any]:
    """Bool ndarray, or None when numpy cannot give the exact answer (then the Python path runs)."""
    nulls = None
    if isinstance(values, np.ma.MaskedArray):
        nulls = np.ma.getmaskarray(values)
        values = values.data
    if values.dtype.kind not in "biufMmUS" or values.ndim != 1:
        return None
    if op in ("in", "not in"):
        converted = [_numpy_operand(np, values.dtype, v) for v in operand]
        if any(c is None for c in converted):
            return None
        mask = np.isin(values, np.array(converted)) if converted else np.zeros(len(values), dtype=bool)
        if values.dtype.kind == "f" and any(is_nan(v) for v in operand):
            mask |= np.isnan(values)  # .NET's Contains finds NaN
        if op == "not in":
            mask = ~mask
    else:
        converted = _numpy_operand(np, values.dtype, operand)
        if converted is None:
            return None
        try:
            mask = np.asarray(_COMPARE[op](values, converted), dtype=bool)
        except (TypeError, OverflowError):
            return None
    if nulls is not None and nulls.any():
        mask = np.where(nulls, op in NEGATIONS, mask)
    return mask


# ---- combining --------------------------------------------------------------------------------------------


class _Masks:
    """AND/OR of term masks: big integers while everything is pure Python, bool ndarrays once numpy is involved."""

    def __init__(self, length: int) -> None:
        self.length = length

    def to_numpy(self, mask: Any) -> Any:
        np = _numpy()
        if isinstance(mask, int):
            return np.frombuffer(mask.to_bytes(self.length, "little"), dtype=np.bool_)
        return mask

    def combine(self, left: Any, right: Any, both: bool) -> Any:
        if left is None:
            return right
        if isinstance(left, int) and isinstance(right, int):
            return left & right if both else left | right
        left, right = self.to_numpy(left), self.to_numpy(right)
        return left & right if both else left | right


def _length(columns: Mapping[str, Any], num_rows: Optional[int]) -> int:
    if num_rows is not None:
        return num_rows
    for values in columns.values():
        return len(values)
    return 0


def filter_mask(columns: Mapping[str, Any], filters: Any, num_rows: Optional[int] = None) -> Optional[Any]:
    """Which rows of *columns* (name -> list or numpy array) satisfy *filters*; ``None`` when all may.

    Returns ``None`` when nothing can be filtered (no filters, or a
    conjunction whose terms are all unpushable or on columns not in
    *columns*: a term that cannot be evaluated keeps every row).  Otherwise a
    mask of ``num_rows`` (default: the length of the first column) items,
    truthy for the rows to keep: ``bytes`` of 0/1 for Python columns, a bool
    ndarray when any evaluated column is a numpy array (numpy masked arrays
    carry nulls).  Semantics are exactly those of :func:`row_matches`.
    """
    normalized = normalize_filters(filters)
    if not normalized:
        return None
    length = _length(columns, num_rows)
    masks = _Masks(length)
    result = None
    for conjunction in normalized:
        conjunct = None
        for column, op, operand in conjunction:
            values = columns.get(column)
            if values is None or not is_pushable(op, operand):
                continue
            term = None
            if _is_ndarray(values):
                term = _numpy_term(_numpy(), values, op, operand)
                if term is None:
                    values = values.tolist()
            if term is None:
                term = _as_int(_python_term(values, op, operand))
            conjunct = masks.combine(conjunct, term, both=True)
        if conjunct is None:
            return None  # one conjunction keeps every row, so the disjunction does
        result = masks.combine(result, conjunct, both=False)
    if isinstance(result, int):
        return result.to_bytes(length, "little")
    return result


def _select(values: Any, mask: Any) -> Any:
    if _is_ndarray(values):
        np = _numpy()
        return values[mask if not isinstance(mask, bytes) else np.frombuffer(mask, dtype=np.bool_)]
    if _is_ndarray(mask):
        mask = mask.tolist()
    return list(compress(values, mask))


def filter_pydict(data: Mapping[str, Any], filters: Any, num_rows: Optional[int] = None) -> Dict[str, Any]:
    """The rows of ``{name: list or ndarray}`` that may satisfy *filters*, as a new dict of the same kind.

    The usual use: filter the column lists a source has collected, then build
    the batch from what is left, e.g.
    ``pa.RecordBatch.from_pydict(filter_pydict(data, filters), schema=schema)``.
    Columns that no filter refers to are only compressed, never inspected.
    """
    mask = filter_mask(data, filters, num_rows)
    if mask is None:
        return dict(data)
    return {name: _select(values, mask) for name, values in data.items()}


def _column_values(column: Any) -> Any:
    """A batch column as an ndarray (numeric/temporal without nulls, numpy installed) or a Python list."""
    to_numpy = getattr(column, "to_numpy", None)
    if _numpy() is not None and to_numpy is not None and getattr(column, "null_count", 1) == 0:
        try:
            values = to_numpy(zero_copy_only=False)
        except Exception:  # a type its to_numpy does not cover
            values = None
        if values is not None and values.dtype.kind in "biufMm":
            return values
    return column.to_pylist()


def filter_batch(batch: Any, filters: Any) -> Any:
    """*batch* (a pyarrow or linq2pyarrow.arrow RecordBatch) without the rows that fail *filters*.

    Only the columns the filters name are read (terms on columns the batch
    does not have keep every row); the batch's own ``filter`` keeps the rest
    zero-copy where it can.  Returns *batch* itself when nothing is filtered.
    """
    normalized = normalize_filters(filters)
    names = set(batch.schema.names)
    wanted = {column for conjunction in normalized for column, _, _ in conjunction if column in names}
    columns = {name: _column_values(batch.column(name)) for name in wanted}
    mask = filter_mask(columns, normalized, batch.num_rows)
    if mask is None:
        return batch
    if isinstance(mask, bytes):
        np = _numpy()
        mask = np.frombuffer(mask, dtype=np.bool_) if np is not None else [bool(m) for m in mask]
    return batch.filter(_arrow_mask(batch, mask))


def _arrow_mask(batch: Any, mask: Any) -> Any:
    """pyarrow's RecordBatch.filter wants an Arrow boolean array; linq2pyarrow's takes any sequence."""
    module = type(batch).__module__
    if module.startswith("pyarrow"):
        import pyarrow

        return pyarrow.array(mask, type=pyarrow.bool_())
    return mask
