"""Row-at-a-time evaluation of the ``filters`` hint, with exactly .NET's semantics (see the package docstring)."""
import math
import operator
from typing import Any, Callable, Iterable, Iterator, List, Mapping, Tuple

from ._dnf import NEGATIONS, is_pushable, normalize_filters

__all__ = ["term_predicate", "compile_filters", "row_matches", "filter_rows"]

_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

Predicate = Callable[[Any], bool]


def _always(_value: Any) -> bool:
    return True


def is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def membership(values: List[Any]) -> Callable[[Any], bool]:
    """``value -> bool``: is *value* in *values* by .NET equality (which, unlike ==, finds NaN)?"""
    try:
        contains = frozenset(values).__contains__
    except TypeError:  # unhashable values: compare one by one
        contains = values.__contains__
    if not any(is_nan(v) for v in values):
        return contains
    return lambda value: contains(value) or is_nan(value)


def term_predicate(op: str, operand: Any) -> Predicate:
    """``value -> bool`` for one normalised term: does a row whose column holds *value* satisfy it?

    A ``None`` value (null) satisfies only ``!=`` and ``not in``; comparisons
    follow Python, which agrees with .NET for the values .NET sends (IEEE
    floats: NaN is unequal to everything); ``in`` uses .NET's equality, by
    which NaN is a member of a list holding NaN.  A comparison that raises
    ``TypeError`` (values of another type than the column's) keeps the row,
    and so does a term that is not pushable.
    """
    if not is_pushable(op, operand):
        return _always
    null_result = op in NEGATIONS
    if op in ("in", "not in"):
        contains = membership(operand)
        wanted = op == "in"

        def member(value: Any) -> bool:
            if value is None:
                return null_result
            try:
                return contains(value) == wanted
            except TypeError:
                return True

        return member
    compare = _COMPARE[op]

    def holds(value: Any) -> bool:
        if value is None:
            return null_result
        try:
            return bool(compare(value, operand))
        except TypeError:
            return True

    return holds


def compile_filters(filters: Any) -> List[List[Tuple[str, Predicate]]]:
    """Normalised *filters* as lists of ``(column, predicate)``: validate once, evaluate many rows."""
    return [
        [(column, term_predicate(op, value)) for column, op, value in conjunction]
        for conjunction in normalize_filters(filters)
    ]


def row_matches(row: Mapping[str, Any], filters: Any) -> bool:
    """True if *row* (column name -> value; a missing column counts as null) satisfies the DNF *filters*.

    No filters (``None`` / ``[]``) match every row.  To test many rows, use
    :func:`filter_rows` or the column-wise :func:`filter_mask`, which validate
    the filters once.
    """
    compiled = compile_filters(filters)
    return not compiled or _matches(row, compiled)


def _matches(row: Mapping[str, Any], compiled: List[List[Tuple[str, Predicate]]]) -> bool:
    get = row.get
    return any(all(predicate(get(column)) for column, predicate in conjunction) for conjunction in compiled)


def filter_rows(rows: Iterable[Mapping[str, Any]], filters: Any) -> Iterator[Mapping[str, Any]]:
    """Yield the rows (mappings) that satisfy *filters*, validated once."""
    compiled = compile_filters(filters)
    if not compiled:
        yield from rows
        return
    for row in rows:
        if _matches(row, compiled):
            yield row
