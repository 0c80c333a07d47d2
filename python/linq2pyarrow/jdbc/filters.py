"""Validation of the ``filters`` hint: pyarrow.parquet DNF.

``[[(col, op, value), ...], ...]``: the inner lists are AND-ed, the outer list
OR-ed; a flat list of tuples is one AND group (as pyarrow accepts it).

Semantics shared by the SQL builder and partition pruning:

* comparisons never match NULL, except the negations ``!=`` and ``not in``,
  which keep NULL rows: the .NET side re-applies every filter, so keeping a
  row is always safe while dropping one that its semantics would keep is not;
* a term whose value is ``None`` is not pushed down (treated as TRUE) for the
  same reason.
"""
from .errors import JDBCOptionError

OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")
NEGATIONS = ("!=", "not in")


def normalize_filters(filters):
    """Return filters as a list of AND groups of (column, op, value) tuples, or [] for none."""
    if not filters:
        return []
    filters = list(filters)
    if all(isinstance(term, tuple) for term in filters):
        filters = [filters]
    groups = []
    for group in filters:
        terms = []
        for term in group:
            if not isinstance(term, (tuple, list)) or len(term) != 3:
                raise JDBCOptionError(f"filter term {term!r} is not a (column, op, value) triple")
            column, op, value = term
            op = "==" if op == "=" else str(op).lower()
            if op not in OPERATORS:
                raise JDBCOptionError(f"filter operator '{op}' is not supported; use one of {', '.join(OPERATORS)}")
            if op in ("in", "not in"):
                if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
                    raise JDBCOptionError(f"filter operator '{op}' on '{column}' needs a list of values")
                value = list(value)
            terms.append((column, op, value))
        groups.append(terms)
    return groups


def pushable(op, value):
    """Whether a term can be pushed down at all (None values are left to .NET)."""
    if op in ("in", "not in"):
        return all(v is not None for v in value)
    return value is not None
