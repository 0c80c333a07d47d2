"""The ``filters`` hint: what it means, and helpers that apply it row-wise, column-wise and in SQL.

A source's ``plan_partitions`` and ``read_partition`` may receive ``filters``
in pyarrow.parquet's disjunctive normal form: a list of conjunctions (inner
lists, AND-ed) that are OR-ed; each term is ``(column, op, value)`` with
``op`` one of ``==, !=, <, <=, >, >=, in, not in`` (``value`` a list for
``in`` / ``not in``).  Values are Python ``int``, ``float``, ``bool``,
``str``, ``bytes``, ``datetime.date``, ``datetime.datetime`` (timezone-aware
for a timestamp column with a time zone), ``decimal.Decimal``.

The contract
============

1. **Meaning.**  A row satisfies ``(column, op, value)`` exactly when the .NET
   predicate it came from holds:

   * for a null column value, ``==``, ``<``, ``<=``, ``>``, ``>=`` and ``in``
     are false, ``!=`` and ``not in`` are true (C#'s lifted operators);
   * floating point follows IEEE, as .NET does: a NaN column value makes
     ``==``, ``<``, ``<=``, ``>``, ``>=`` false and ``!=`` true;
   * ``in`` is membership by .NET equality (``not in`` its negation).

   :func:`row_matches`, :func:`filter_rows`, :func:`filter_mask`,
   :func:`filter_pydict` and :func:`filter_batch` implement exactly this (a
   test checks they agree with .NET on the same rows for every operator).

2. **Filters are hints.**  A source may apply all, some or none of them and
   may return extra rows (.NET re-evaluates the whole predicate), but must
   never drop a row that satisfies them.  .NET therefore pushes only filters
   under which every common evaluator keeps every row .NET keeps: the exact
   evaluator of 1; SQL's three-valued logic (NULL matches nothing;
   PostgreSQL's NaN = NaN and NaN sorts above all; SQLite stores NaN as
   NULL); and pyarrow.compute / ``pyarrow.parquet`` ``filters=`` (nulls
   dropped, IEEE NaN).  So .NET never sends a NaN (also not inside an ``in``
   list) or a comparison with null; sends ``!=``, ``not in`` and negated
   orderings only on columns that are neither nullable nor floating point;
   pushes ``object.Equals(a, b)`` only when both static types are the same
   value type; negates an ordering only when neither side can be NaN or null;
   and never sends a ``str`` that is not valid Unicode (a lone surrogate).
   Terms outside this (``None`` values, NaN, lone surrogates: see
   :func:`is_pushable`) keep every row in every helper here.

3. **SQL honours 1** for whatever it is given: :func:`render_where` adds
   ``OR c IS NULL`` to ``!=`` / ``not in``, decides NaN operands itself (false,
   or true for ``!=``), renders a value the column cannot hold (NUL in
   PostgreSQL text) as a false ``==`` and drops it from ``in`` lists, and
   leaves out terms a dialect cannot compare like .NET (:class:`Unpushable`).

Conventions
===========

* :func:`normalize_filters` returns ``[]`` for "no filters" (``None`` or
  ``[]``); a flat list of terms is one conjunction (as in pyarrow); operators
  are accepted in any case, with ``=`` for ``==`` and ``<>`` for ``!=``.
* Malformed filters raise :class:`FilterError`, a ``ValueError`` naming the
  term.
* Row helpers treat a column missing from a row as null; column-wise helpers
  skip terms on columns they were not given (those terms keep every row).
"""
from ._columns import filter_batch, filter_mask, filter_pydict
from ._dnf import NEGATIONS, OPERATORS, Filter, FilterError, Filters, columns_of, is_pushable, normalize_filters
from ._rows import compile_filters, filter_rows, row_matches, term_predicate
from ._sql import FALSE_CONDITION, Unpushable, render_where

__all__ = [
    "OPERATORS",
    "NEGATIONS",
    "Filter",
    "Filters",
    "FilterError",
    "normalize_filters",
    "columns_of",
    "is_pushable",
    "term_predicate",
    "compile_filters",
    "row_matches",
    "filter_rows",
    "filter_mask",
    "filter_pydict",
    "filter_batch",
    "render_where",
    "Unpushable",
    "FALSE_CONDITION",
]
