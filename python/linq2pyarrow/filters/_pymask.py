"""Pure-Python masks: the whole DNF compiled into one list comprehension over the zipped columns.

``[[("qty", ">", 50), ("name", "==", "bob")]]`` over columns ``qty`` and
``name`` becomes (operands bound as arguments, never spliced into the code)::

    def mask(c0, c1, o0, o1):
        return [((v0 is not None and v0 > o0) and v1 == o1) for v0, v1 in zip(c0, c1)]

one pass, short-circuiting per row, a few tens of nanoseconds per row and
term.  Compiled functions are cached by the shape of the filters (columns and
operators, not values), so a source pays the compilation once.
"""
from functools import lru_cache
from typing import Any, Callable, Dict, List, Sequence, Tuple

from ._dnf import Filter
from ._rows import compile_filters, is_nan, membership

__all__ = ["python_mask", "python_indices"]

_ORDERINGS = ("<", "<=", ">", ">=")


def _term_code(row: str, op: str, operand: str, callable_members: bool) -> str:
    if op in ("==", "!="):
        return f"{row} {op} {operand}"  # None == x is False and None != x True, as for a null
    if op in _ORDERINGS:
        return f"({row} is not None and {row} {op} {operand})"
    if callable_members:
        return f"{operand}({row})" if op == "in" else f"not {operand}({row})"
    return f"{row} {op} {operand}"  # None is never a member of the frozenset


@lru_cache(maxsize=256)
def _compile(
    shape: Tuple[Tuple[Tuple[int, str, bool], ...], ...], columns: int, operands: int, indices: bool
) -> Callable[..., List[Any]]:
    disjuncts = []
    operand = 0
    for conjunction in shape:
        terms = []
        for column, op, callable_members in conjunction:
            terms.append(_term_code(f"v{column}", op, f"o{operand}", callable_members))
            operand += 1
        disjuncts.append("(" + " and ".join(terms) + ")")
    rows = ", ".join(f"v{i}" for i in range(columns))
    sequences = ", ".join(f"c{i}" for i in range(columns))
    arguments = ", ".join([f"c{i}" for i in range(columns)] + [f"o{i}" for i in range(operands)])
    iterable = f"zip({sequences})" if columns > 1 else sequences
    condition = " or ".join(disjuncts)
    if indices:
        body = (
            f"[i for i, ({rows}) in enumerate({iterable}) if {condition}]"
            if columns > 1
            else f"[i for i, {rows} in enumerate({iterable}) if {condition}]"
        )
    else:
        body = f"[{condition} for {rows} in {iterable}]"
    source = f"def mask({arguments}):\n    return {body}\n"
    namespace: Dict[str, Any] = {}
    exec(compile(source, "<linq2pyarrow.filters mask>", "exec"), namespace)
    return namespace["mask"]


def _member_test(values: List[Any]) -> Tuple[Any, bool]:
    """A frozenset when plain membership is .NET's; else a callable (NaN members, unhashable values)."""
    if not any(is_nan(v) for v in values):
        try:
            return frozenset(values), False
        except TypeError:
            pass
    return membership(values), True


def python_mask(columns: Dict[str, Sequence[Any]], filters: List[List[Filter]]) -> List[bool]:
    """One bool per row of *columns* for normalised, pushable *filters* on columns all present in *columns*."""
    return _evaluate(columns, filters, indices=False)


def python_indices(columns: Dict[str, Sequence[Any]], filters: List[List[Filter]]) -> List[int]:
    """The positions of the rows :func:`python_mask` keeps (cheaper to gather from when few rows pass)."""
    return _evaluate(columns, filters, indices=True)


def _evaluate(columns: Dict[str, Sequence[Any]], filters: List[List[Filter]], indices: bool) -> List[Any]:
    names: List[str] = []
    shape = []
    operands: List[Any] = []
    for conjunction in filters:
        terms = []
        for column, op, operand in conjunction:
            if column not in names:
                names.append(column)
            callable_members = False
            if op in ("in", "not in"):
                operand, callable_members = _member_test(operand)
            terms.append((names.index(column), op, callable_members))
            operands.append(operand)
        shape.append(tuple(terms))
    evaluate = _compile(tuple(shape), len(names), len(operands), indices)
    data = [columns[name] for name in names]
    try:
        return evaluate(*data, *operands)
    except TypeError:  # values of another type than an operand's: the row evaluator keeps those rows
        compiled = compile_filters(filters)
        mask = [
            any(all(predicate(row[column]) for column, predicate in conjunction) for conjunction in compiled)
            for row in (dict(zip(names, values)) for values in zip(*data))
        ]
        return [i for i, keep in enumerate(mask) if keep] if indices else mask
