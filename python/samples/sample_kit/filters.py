"""Row-level evaluation of the ``filters`` hint (pyarrow.parquet DNF) in Python.

Sources apply it "where cheap"; the .NET side re-applies every filter, so the
rules only ever keep rows in doubt: comparisons never match a null (None)
value except the negations ``!=`` / ``not in``, which keep nulls; a term whose
value is None, or whose comparison raises TypeError (mixed types), counts as TRUE.
"""
import operator

_COMPARE = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
            ">": operator.gt, ">=": operator.ge}
_NEGATIONS = ("!=", "not in")


def normalize(filters):
    """List of AND groups of (column, op, value); a flat list of tuples is one group."""
    if not filters:
        return []
    filters = list(filters)
    if all(isinstance(t, tuple) for t in filters):
        filters = [filters]
    groups = []
    for group in filters:
        terms = []
        for column, op, value in group:
            op = "==" if op == "=" else str(op).lower()
            if op not in _COMPARE and op not in ("in", "not in"):
                raise ValueError(f"unsupported filter operator '{op}'")
            terms.append((column, op, list(value) if op in ("in", "not in") else value))
        groups.append(terms)
    return groups


def columns_of(groups):
    return {column for group in groups for column, _, _ in group}


def _term_matches(actual, op, value):
    if value is None or (op in ("in", "not in") and any(v is None for v in value)):
        return True
    if actual is None:
        return op in _NEGATIONS
    try:
        if op == "in":
            return actual in value
        if op == "not in":
            return actual not in value
        return _COMPARE[op](actual, value)
    except TypeError:
        return True


def row_matches(row, groups):
    """True when ``row`` (a dict) may satisfy the DNF ``groups``."""
    if not groups:
        return True
    return any(all(_term_matches(row.get(c), op, v) for c, op, v in group) for group in groups)
