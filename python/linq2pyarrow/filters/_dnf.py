"""The shape of the ``filters`` hint: normalisation, validation and "is this term pushable"."""
from typing import Any, Iterable, List, Optional, Sequence, Set, Tuple, Union

__all__ = [
    "OPERATORS",
    "NEGATIONS",
    "Filter",
    "Filters",
    "FilterError",
    "normalize_filters",
    "columns_of",
    "is_pushable",
]

#: One term: ``(column, op, value)``; ``value`` is a list for ``in`` / ``not in``.
Filter = Tuple[str, str, Any]
#: Disjunctive normal form: an OR of AND-ed lists of terms.
Filters = List[List[Filter]]

#: The operators of a term, as normalised.
OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")
#: The operators that hold for a null column value.
NEGATIONS = ("!=", "not in")
_LISTS = ("in", "not in")
_ALIASES = {"=": "==", "notin": "not in", "not_in": "not in", "<>": "!="}


class FilterError(ValueError):
    """Malformed ``filters``: names the offending term and what is expected."""


def _operator(op: Any, term: Any) -> str:
    if not isinstance(op, str):
        raise FilterError(f"filter term {term!r}: the operator must be a str, one of {', '.join(OPERATORS)}")
    normal = " ".join(op.lower().split())
    normal = _ALIASES.get(normal, normal)
    if normal not in OPERATORS:
        raise FilterError(f"filter term {term!r}: unknown operator {op!r}; use one of {', '.join(OPERATORS)}")
    return normal


def _term(term: Any) -> Filter:
    if not isinstance(term, (tuple, list)) or len(term) != 3:
        raise FilterError(f"filter term {term!r} is not a (column, op, value) triple")
    column, op, value = term
    if not isinstance(column, str):
        raise FilterError(f"filter term {term!r}: the column must be a str")
    op = _operator(op, term)
    if op in _LISTS:
        if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, Iterable):
            raise FilterError(f"filter term {term!r}: '{op}' needs a list of values")
        value = list(value)
    return column, op, value


def normalize_filters(filters: Optional[Union[Sequence[Sequence[Filter]], Sequence[Filter]]]) -> Filters:
    """*filters* as a list of AND-ed lists of ``(column, op, value)`` tuples; ``[]`` for no filters.

    ``None`` and ``[]`` both mean "no filters".  Like pyarrow, a flat list of
    terms is one conjunction.  Operators are normalised: any case, ``=`` for
    ``==``, ``<>`` for ``!=``; ``in`` / ``not in`` values become lists.
    Raises :class:`FilterError` (a ``ValueError``) naming the bad term.
    """
    if not filters:
        return []
    if isinstance(filters, (str, bytes)) or not isinstance(filters, Iterable):
        raise FilterError(f"filters must be a list of lists of (column, op, value) tuples, got {filters!r}")
    items: List[Any] = list(filters)
    if all(isinstance(term, tuple) for term in items):
        items = [items]
    result = []
    for conjunction in items:
        if isinstance(conjunction, (str, bytes)) or not isinstance(conjunction, Iterable):
            raise FilterError(
                f"filters must be a list of lists of (column, op, value) tuples; "
                f"{conjunction!r} is not a list of terms"
            )
        result.append([_term(term) for term in conjunction])
    return result


def columns_of(filters: Filters) -> Set[str]:
    """The column names normalised *filters* refer to."""
    return {column for conjunction in filters for column, _, _ in conjunction}


def _definite(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: no .NET string gives this value
            return False
        return True
    return True


def is_pushable(op: str, value: Any) -> bool:
    """Whether a normalised term has a meaning under the contract.

    Not pushable: a ``None`` value (also inside a list: .NET never compares
    with null) and a ``str`` that is not valid Unicode (a lone surrogate,
    which no .NET string sends).  Every helper of this package treats a term
    that is not pushable as TRUE: it keeps every row.  NaN is pushable: IEEE
    gives it a meaning (.NET does not send it, but evaluators honour it).
    """
    if op in _LISTS:
        return all(_definite(v) for v in value)
    return _definite(value)
