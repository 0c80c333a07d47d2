"""SQL text generation: identifier quoting, SELECT list, WHERE, LIMIT.

Values from ``filters`` are only ever bound as parameters.  Identifiers come
from the database's own schema and are always quoted.  The only verbatim
user text is the ``query`` option (trusted configuration, like in Spark) and
a ``dbtable`` name that matched a strict (optionally dotted/quoted) name grammar.
"""
import re
from dataclasses import dataclass, field

from ..filters import Unpushable, render_where
from .errors import JDBCOptionError

# Either a bare identifier (left to the database's case folding, as Spark does)
# or a double-quoted one with "" escapes; parts separated by dots.
_NAME_PART = r'(?:[^\W\d]\w*|"(?:[^"\x00]|"")+")'
_TABLE_NAME = re.compile(rf"^{_NAME_PART}(?:\.{_NAME_PART})*$")


@dataclass(frozen=True)
class Dialect:
    name: str
    paramstyle: str  # "format" (%s, psycopg2), "qmark" (?), "numeric" ($1)
    adapt: object = field(default=lambda value: value)  # filter value -> driver value; raises Unpushable

    def storable(self, value):
        """False for values no column of this database can hold, which therefore equal no row."""
        return not (self.name == "postgresql" and isinstance(value, str) and "\x00" in value)

    def bind(self, value):
        """The driver value of a filter operand; Unpushable when this database can't compare it like .NET."""
        if self.name == "sqlite" and isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise Unpushable  # sqlite3 cannot bind it
        return self.adapt(value)

    def placeholder(self, index):
        return {"format": "%s", "qmark": "?"}.get(self.paramstyle, f"${index}")

    def verbatim(self, text):
        # With the "format" paramstyle a literal % must be doubled, else the
        # driver takes it for a placeholder.
        return text.replace("%", "%%") if self.paramstyle == "format" else text

    def quote(self, identifier):
        identifier = str(identifier)
        if not identifier or "\x00" in identifier:
            raise JDBCOptionError(f"invalid identifier {identifier!r}: empty or contains a NUL character")
        return self.verbatim('"' + identifier.replace('"', '""') + '"')


def check_table_name(dbtable):
    if not _TABLE_NAME.match(dbtable):
        raise JDBCOptionError(
            f"option 'dbtable' must be a table name such as orders, sales.orders or \"Order Lines\"; got '{dbtable}'. "
            "For a subquery use the 'query' option instead"
        )
    return dbtable


def table_reference(dbtable, dialect):
    return dialect.verbatim(check_table_name(dbtable))


def from_clause(options, dialect):
    if options.dbtable:
        return table_reference(options.dbtable, dialect)
    return f"({dialect.verbatim(options.query)}) AS q"


def select_list(columns, dialect):
    return "*" if columns is None else ", ".join(dialect.quote(c) for c in columns)


def partition_condition(spec, dialect):
    """WHERE condition of a range partition; bounds are validated ints, so they are inlined."""
    if not spec or (spec.get("lower") is None and spec.get("upper") is None):
        return None
    column = dialect.quote(spec["column"])
    parts = []
    if spec.get("lower") is not None:
        parts.append(f"{column} >= {int(spec['lower'])}")
    if spec.get("upper") is not None:
        parts.append(f"{column} < {int(spec['upper'])}")
    condition = " AND ".join(parts)
    return f"{condition} OR {column} IS NULL" if spec.get("nulls") else condition


def filter_condition(groups, dialect, params, targets=None):
    """WHERE condition of the DNF ``groups`` (None: keeps every row); appends its bound values to ``params``.

    The semantics are linq2pyarrow.filters' (``render_where``): NULLs kept for
    ``!=`` / ``not in``, NaN operands decided without the database, values the
    database cannot hold (``dialect.storable``) never equal, terms whose
    values ``dialect.bind`` rejects left out.  ``targets`` (column -> the SQL
    expression to compare, or None), when given, says how each column compares
    like the value the source returns for it (a backend's ``filter_targets``);
    terms on columns without one are left out.
    """

    def emit(value):
        params.append(value)
        return dialect.placeholder(len(params))

    quote = dialect.quote
    if targets is not None:
        groups = [[term for term in group if targets.get(term[0])] for group in groups]
        quote = targets.__getitem__
    return render_where(groups, quote=quote, adapt=dialect.bind, emit=emit, storable=dialect.storable)


def build_select(dialect, source, columns=None, partition=None, groups=(), limit=None, targets=None):
    """Return (sql, params) reading ``columns`` from ``source`` (a FROM clause).

    ``groups``: normalised filters, rendered as ``filter_condition`` does
    (with ``targets``).  The parameters are bound by the driver, or rendered by
    ``cursor.mogrify`` where a statement (COPY) takes none.
    """
    params = []
    conditions = [
        c for c in (partition_condition(partition, dialect), filter_condition(groups, dialect, params, targets)) if c
    ]
    sql = f"SELECT {select_list(columns, dialect)} FROM {source}"
    if conditions:
        sql += " WHERE " + " AND ".join(f"({c})" if len(conditions) > 1 else c for c in conditions)
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql, params
