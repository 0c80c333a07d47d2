"""Column-wise evaluation of the ``filters`` hint over lists or numpy arrays, and over record batches.

Python lists: the whole DNF compiled into one list comprehension (``_pymask``),
a few tens of nanoseconds per row and term.  numpy arrays: vectorised
comparisons (``_npmask``).  Both give exactly the row evaluator's answers.
"""
from itertools import compress
from operator import itemgetter
from typing import Any, Dict, List, Mapping, Optional

from ._dnf import is_pushable, normalize_filters
from ._npmask import is_ndarray, numpy_module, numpy_term
from ._pymask import python_indices, python_mask

__all__ = ["filter_mask", "filter_pydict", "filter_batch"]


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
    true for the rows to keep: a ``list`` of bools for Python columns (the
    whole DNF compiled into one list comprehension), a bool ndarray when any
    filtered column is a numpy array (numpy masked arrays carry nulls).
    Semantics are exactly those of :func:`row_matches`.
    """
    normalized = normalize_filters(filters)
    usable = _usable(normalized, columns) if normalized else None
    if usable is None:
        return None  # no filters, or one conjunction keeps every row (so the disjunction does)
    if not any(is_ndarray(columns[column]) for conjunction in usable for column, _, _ in conjunction):
        return python_mask(dict(columns), usable)
    np = numpy_module()
    result = np.zeros(_length(columns, num_rows), dtype=bool)
    for conjunction in usable:
        conjunct = None
        for column, op, operand in conjunction:
            values = columns[column]
            term = numpy_term(np, values, op, operand) if is_ndarray(values) else None
            if term is None:
                listed = values.tolist() if is_ndarray(values) else values
                term = np.array(python_mask({column: listed}, [[(column, op, operand)]]), dtype=bool)
            conjunct = term if conjunct is None else conjunct & term
        result |= conjunct
    return result


def _select(values: Any, mask: Any) -> Any:
    if is_ndarray(values):
        return values[numpy_module().asarray(mask, dtype=bool)]
    return list(compress(values, mask))


def _take(values: Any, indices: List[int]) -> Any:
    if is_ndarray(values):
        return values[indices]
    if len(indices) > 1:
        return list(itemgetter(*indices)(values))
    return [values[i] for i in indices]


def _usable(normalized: Any, columns: Mapping[str, Any]) -> Optional[List[Any]]:
    """The terms that can be evaluated over *columns*; None when some conjunction keeps every row."""
    usable = [[t for t in conjunction if t[0] in columns and is_pushable(t[1], t[2])] for conjunction in normalized]
    return None if any(not conjunction for conjunction in usable) else usable


def filter_pydict(data: Mapping[str, Any], filters: Any, num_rows: Optional[int] = None) -> Dict[str, Any]:
    """The rows of ``{name: list or ndarray}`` that may satisfy *filters*, as a new dict of the same kind.

    The usual use: filter the column lists a source has collected, then build
    the batch from what is left, e.g.
    ``pa.RecordBatch.from_pydict(filter_pydict(data, filters), schema=schema)``.
    Columns that no filter refers to are only gathered, never inspected.
    """
    normalized = normalize_filters(filters)
    usable = _usable(normalized, data) if normalized else None
    if usable is None:
        return dict(data)
    if not any(is_ndarray(data[column]) for conjunction in usable for column, _, _ in conjunction):
        indices = python_indices(dict(data), usable)
        return {name: _take(values, indices) for name, values in data.items()}
    mask = filter_mask(data, usable, num_rows)
    return {name: _select(values, mask) for name, values in data.items()}


def _column_values(column: Any) -> Any:
    """A batch column as an ndarray (numeric/temporal without nulls, numpy installed) or a Python list."""
    to_numpy = getattr(column, "to_numpy", None)
    if numpy_module() is not None and to_numpy is not None and getattr(column, "null_count", 1) == 0:
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
    return batch.filter(_arrow_mask(batch, mask))


def _arrow_mask(batch: Any, mask: Any) -> Any:
    """pyarrow's RecordBatch.filter wants an Arrow boolean array; linq2pyarrow's takes any sequence."""
    module = type(batch).__module__
    if module.startswith("pyarrow"):
        import pyarrow

        return pyarrow.array(mask, type=pyarrow.bool_())
    return mask
