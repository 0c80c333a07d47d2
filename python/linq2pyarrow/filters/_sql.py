"""DNF -> a SQL (or OGR SQL) WHERE condition with the contract's semantics, for any dialect.

SQL compares with three-valued logic (a comparison with NULL is unknown, and
unknown drops the row), while the contract keeps nulls for ``!=`` and ``not
in``; PostgreSQL orders NaN above every number and makes NaN = NaN; SQLite
stores NaN as NULL.  The skeleton bridges these: negations add ``OR c IS
NULL``, NaN operands never reach the database (the term is decided here),
values the column cannot hold (:func:`render_where`'s *storable*) make ``==``
false, string orderings are left out (databases order strings by collation,
.NET never pushes them), and values the dialect cannot compare reliably (*adapt* raises
:class:`Unpushable`) leave their term out, which keeps rows: the rendered
condition is always satisfied by every row that satisfies the filters.
"""
import math
from typing import Any, Callable, List, Optional

from ._dnf import is_pushable, normalize_filters

__all__ = ["Unpushable", "render_where", "FALSE_CONDITION"]

#: What an unsatisfiable condition renders as (SQL and OGR SQL both accept it).
FALSE_CONDITION = "1 = 0"
_SQL_OPERATORS = {"==": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class Unpushable(Exception):
    """Raised by a dialect's *adapt* for a value it cannot compare like .NET does: the term keeps every row."""


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


class _False(Exception):
    """The term (hence its conjunction) is false for every row."""


def _always_storable(_value: Any) -> bool:
    return True


Deferred = Callable[[], str]


class _Renderer:
    """Decides each term first and emits SQL only for the conjunctions that stay, so parameters stay in step."""

    def __init__(
        self,
        quote: Callable[[str], str],
        adapt: Callable[[Any], Any],
        emit: Callable[[Any], str],
        storable: Callable[[Any], bool],
    ) -> None:
        self.quote, self.adapt, self.emit, self.storable = quote, adapt, emit, storable

    def term(self, column: str, op: str, value: Any) -> Optional[Deferred]:
        """SQL for one term, deferred; None for TRUE; raises _False for FALSE."""
        if op in ("in", "not in"):
            return self.membership(column, op, value)
        if _is_nan(value):  # IEEE: NaN is unequal and unordered to everything, nulls included
            if op == "!=":
                return None
            raise _False
        if not is_pushable(op, value) or (isinstance(value, str) and op != "!=" and op != "=="):
            return None  # string orderings: databases order by collation, not by code point
        if not self.storable(value):  # no row holds it: == is false, != true, orderings unknown
            if op == "==":
                raise _False
            return None
        try:
            adapted = self.adapt(value)
        except Unpushable:
            return None
        quoted = self.quote(column)
        if op == "!=":
            return lambda: f"({quoted} <> {self.emit(adapted)} OR {quoted} IS NULL)"
        return lambda: f"{quoted} {_SQL_OPERATORS[op]} {self.emit(adapted)}"

    def membership(self, column: str, op: str, values: List[Any]) -> Optional[Deferred]:
        # .NET's Contains finds NaN (Equals(NaN, NaN) is true); SQL dialects disagree, so "in" with NaN is left
        # out, while for "not in" a NaN member only excludes NaN rows, which keeping is safe.
        if op == "in" and any(_is_nan(v) for v in values):
            return None
        members = [v for v in values if not _is_nan(v)]
        if not is_pushable(op, members):
            return None
        members = [v for v in members if self.storable(v)]
        try:
            adapted = [self.adapt(v) for v in members]
        except Unpushable:
            return None
        quoted = self.quote(column)
        if op == "in":
            if not adapted:
                raise _False
            return lambda: f"{quoted} IN ({', '.join([self.emit(a) for a in adapted])})"
        if not adapted:
            return None
        return lambda: f"({quoted} NOT IN ({', '.join([self.emit(a) for a in adapted])}) OR {quoted} IS NULL)"


def render_where(
    filters: Any,
    *,
    quote: Callable[[str], str],
    adapt: Callable[[Any], Any] = lambda v: v,
    emit: Callable[[Any], str],
    storable: Optional[Callable[[Any], bool]] = None,
) -> Optional[str]:
    """A boolean SQL condition for *filters*; ``None`` when it keeps every row.

    * ``quote(column)``: the quoted identifier.
    * ``adapt(value)``: the value as the dialect compares it (a driver value,
      or a literal's text); raise :class:`Unpushable` to leave the term out.
    * ``emit(adapted)``: the SQL text standing for it: a placeholder (append
      the value to your parameter list there) or the literal itself.  It is
      called only for the terms that end up in the condition, in order.
    * ``storable(value)``: False for values no column can hold (a NUL
      character in PostgreSQL text), which no row can equal.

    An unsatisfiable condition renders as :data:`FALSE_CONDITION`.
    """
    renderer = _Renderer(quote, adapt, emit, storable or _always_storable)
    normalized = normalize_filters(filters)
    if not normalized:
        return None
    kept = []
    for conjunction in normalized:
        try:
            terms = [t for t in (renderer.term(c, op, v) for c, op, v in conjunction) if t is not None]
        except _False:
            continue
        if not terms:
            return None  # this conjunction keeps every row, so the disjunction does
        kept.append(terms)
    if not kept:
        return FALSE_CONDITION
    disjuncts = [" AND ".join([t() for t in terms]) for terms in kept]
    if len(disjuncts) == 1:
        return disjuncts[0]
    return " OR ".join(f"({d})" for d in disjuncts)
