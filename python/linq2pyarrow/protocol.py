"""The data-source protocol that Linq2PyArrow's .NET side drives.

A *source* is any object with the three methods of :class:`Source`.  The .NET
side calls ``infer_schema`` to learn the columns and their types,
``plan_partitions`` to split the work, then ``read_partition`` for each
partition spec.

Arrow data is returned through the Arrow PyCapsule protocol, so pyarrow,
polars, DuckDB, GDAL, nanoarrow ... objects can be returned directly, and
``linq2pyarrow.arrow`` produces them without any dependency.

Errors: any exception raised by a source method (or by an iterator it
returns, while .NET pulls from it) propagates to .NET as
``Linq2PyArrow.PythonDataSourceException`` carrying the Python exception type,
message and formatted traceback.
"""
from typing import Any, Dict, Iterator, List, Optional, Protocol, Tuple, Union, runtime_checkable

from .filters import Filters

__all__ = ["Source", "ArrowSchemaExportable", "ArrowArrayExportable", "ArrowStreamExportable"]


@runtime_checkable
class ArrowSchemaExportable(Protocol):
    """An object exporting an Arrow schema/type through the PyCapsule protocol."""

    def __arrow_c_schema__(self) -> object:
        """Return a PyCapsule named ``"arrow_schema"`` holding an ``ArrowSchema``."""
        ...


@runtime_checkable
class ArrowArrayExportable(Protocol):
    """An array or record batch (a struct array) exported through the PyCapsule protocol."""

    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> Tuple[object, object]:
        """Return ``(arrow_schema capsule, arrow_array capsule)``.

        For a record batch the schema is a struct (``+s``) whose children are
        the columns, and the array is the matching struct array.
        """
        ...


@runtime_checkable
class ArrowStreamExportable(Protocol):
    """A stream of record batches exported through the PyCapsule protocol."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        """Return a PyCapsule named ``"arrow_array_stream"`` holding an ``ArrowArrayStream``."""
        ...


@runtime_checkable
class Source(Protocol):
    """A Python data source that Linq2PyArrow can query from .NET.

    **Options** (``options``) are a plain ``dict[str, str]``: whatever the .NET
    caller configured (paths, connection strings, flags).  Parse them yourself.

    **Keyword-only parameters are optional.**  A parameter that a method does
    not declare is never passed, so the simplest source can ignore
    ``columns``, ``filters`` and ``limit`` altogether.  A method declaring
    ``**kwargs`` receives all of them.

    * ``columns``: list of the column names the query needs, in schema order.
      A source may return more columns (or all of them); extra columns are
      ignored by name.  Columns it returns must keep the types announced by
      ``infer_schema``.  The list is never empty unless the schema has no
      columns: a query that reads none (``Count()``, ``Any()``) asks for the
      cheapest column -- the narrowest fixed-width one (bool, then 8-, 16-,
      32-, 64-bit numbers and temporals, then decimals), else a string or
      binary one, else a nested one, the first in schema order among equals --
      so batches built from the requested columns only still carry their
      rows.  Every batch must have its real number of rows whatever columns
      it holds: a batch without columns is built with
      ``linq2pyarrow.arrow.RecordBatch.from_pydict({}, num_rows=n)`` (pyarrow
      has no ``num_rows`` there: use ``batch.select([])`` on a full batch).
    * ``filters``: pyarrow.parquet-style DNF, a list of lists of
      ``(column, op, value)`` tuples; ``op`` is one of ``==, !=, <, <=, >, >=,
      in, not in``; terms in an inner list are AND-ed, inner lists are
      OR-ed.  Values are ``int``, ``float``, ``str``, ``bool``, ``bytes``,
      ``datetime.date``, ``datetime.datetime`` (timezone-aware when the column
      is a .NET ``DateTimeOffset``), ``decimal.Decimal``, or lists of those for
      ``in``/``not in``.  The contract (:mod:`linq2pyarrow.filters`):

      1. a row satisfies a term exactly when the .NET predicate it came from
         holds: for a null column value ``==, <, <=, >, >=, in`` are false and
         ``!=, not in`` true; floating point follows IEEE (NaN: ``==, <, <=,
         >, >=`` false, ``!=`` true); ``in`` is membership by .NET equality;
      2. filters are **hints**: the .NET side re-applies the whole predicate,
         so a source may apply all, some or none of them and may return
         extra rows -- but must never drop a row that satisfies them.  .NET
         only pushes terms that SQL-style and pyarrow-style evaluators (which
         drop nulls) also get right: no NaN, no comparisons with null, no
         ``!=`` / ``not in`` on nullable or floating-point columns.

      :func:`linq2pyarrow.filters.filter_pydict` (column lists, numpy),
      :func:`~linq2pyarrow.filters.filter_batch` (record batches) and
      :func:`~linq2pyarrow.filters.row_matches` (one row) apply them exactly.
    * ``limit``: the maximum number of rows the query can need from one
      partition (``Take``, ``Skip`` + ``Take``, ``First``, ``Single``, ``Any``).
      Only passed when the query has no predicate and nothing that drops or
      reorders rows (ordering, Distinct, grouping) comes before the Take: since
      filters are hints, a limit never comes with filters.  A source may
      return more rows; the .NET side stops reading after ``limit`` rows.
    """

    def infer_schema(self, options: Dict[str, str]) -> ArrowSchemaExportable:
        """Return the schema of the rows this source produces.

        Anything with ``__arrow_c_schema__`` works: a ``pyarrow.Schema``, a
        ``linq2pyarrow.arrow.Schema``, ... It must be a struct schema (``+s``):
        one field per column.  Every batch later returned by
        :meth:`read_partition` must have these column types.
        """
        ...

    def plan_partitions(self, options: Dict[str, str], *, filters: Optional[Filters] = None) -> List[Dict[str, Any]]:
        """Split the data into independently readable partitions.

        Return a list of partition specs.  A spec must be JSON-like: a ``dict``
        with ``str`` keys whose values are ``str``, ``int``, ``float``,
        ``bool``, ``None``, or lists/dicts of those -- the .NET side may
        serialize, log, or ship them to another process.  Each spec is later
        passed back verbatim to :meth:`read_partition`.  Return ``[{}]`` for
        a single partition.  With ``filters`` declared, a source may prune
        partitions that cannot contain matching rows.
        """
        ...

    def read_partition(
        self,
        partition_spec: Dict[str, Any],
        options: Dict[str, str],
        *,
        columns: Optional[List[str]] = None,
        filters: Optional[Filters] = None,
        limit: Optional[int] = None,
    ) -> Iterator[Union[ArrowArrayExportable, ArrowStreamExportable]]:
        """Read one partition.

        Return an iterator (typically a generator) yielding objects that
        implement ``__arrow_c_array__`` and are record batches (struct
        arrays), e.g. ``pyarrow.RecordBatch`` or
        ``linq2pyarrow.arrow.RecordBatch``, or objects implementing
        ``__arrow_c_stream__`` (streams of record batches, e.g. a
        ``pyarrow.Table`` or ``RecordBatchReader``).  Every batch must have the
        types announced by :meth:`infer_schema` for the columns it contains.
        """
        ...
