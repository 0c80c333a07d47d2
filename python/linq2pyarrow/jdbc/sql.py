"""SQL text generation: identifier quoting, SELECT list, WHERE, LIMIT.

Values from ``filters`` are only ever bound as parameters.  Identifiers come
from the database's own schema and are always quoted.  The only verbatim
user text is the ``query`` option (trusted configuration, like in Spark) and
a ``dbtable`` name that matched a strict (optionally dotted/quoted) name grammar.
"""
import re
from dataclasses import dataclass, field

from .errors import JDBCOptionError
from .filters import pushable

# Either a bare identifier (left to the database's case folding, as Spark does)
# or a double-quoted one with "" escapes; parts separated by dots.
_NAME_PART = r'(?:[^\W\d]\w*|"(?:[^"\x00]|"")+")'
_TABLE_NAME = re.compile(rf"^{_NAME_PART}(?:\.{_NAME_PART})*$")


class Unpushable(Exception):
    """Raised by a dialect's value adapter for values it cannot compare reliably."""


@dataclass(frozen=True)
class Dialect:
    name: str
    paramstyle: str  # "format" (%s, psycopg2), "qmark" (?), "numeric" ($1)
    adapt: object = field(default=lambda value: value)  # filter value -> driver value

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
            "For a subquery use the 'query' option instead")
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


def _term(column, op, value, dialect, params):
    """SQL for one filter term (or None = TRUE), appending its bound values to ``params``."""
    if not pushable(op, value):
        return None
    try:
        values = [dialect.adapt(v) for v in value] if op in ("in", "not in") else [dialect.adapt(value)]
    except Unpushable:
        return None
    quoted = dialect.quote(column)
    marks = []
    for v in values:
        params.append(v)
        marks.append(dialect.placeholder(len(params)))
    if op == "in":
        return f"{quoted} IN ({', '.join(marks)})" if marks else "1 = 0"
    if op == "not in":
        return f"({quoted} NOT IN ({', '.join(marks)}) OR {quoted} IS NULL)" if marks else None
    if op == "!=":
        return f"({quoted} <> {marks[0]} OR {quoted} IS NULL)"
    return f"{quoted} {'=' if op == '==' else op} {marks[0]}"


def filter_condition(groups, dialect, params):
    """OR of AND groups; None when the filter is TRUE for this dialect."""
    collected = list(params)
    ors = []
    for group in groups:
        ands = [t for t in (_term(c, op, v, dialect, collected) for c, op, v in group) if t]
        if not ands:
            return None  # one all-TRUE group makes the whole disjunction TRUE
        ors.append(" AND ".join(ands))
    if not ors:
        return None
    params[:] = collected
    return ors[0] if len(ors) == 1 else " OR ".join(f"({o})" for o in ors)


def build_select(dialect, source, columns=None, partition=None, groups=(), limit=None):
    """Return (sql, params) reading ``columns`` from ``source`` (a FROM clause)."""
    params = []
    conditions = [c for c in (partition_condition(partition, dialect),
                              filter_condition(groups, dialect, params)) if c]
    sql = f"SELECT {select_list(columns, dialect)} FROM {source}"
    if conditions:
        sql += " WHERE " + " AND ".join(f"({c})" if len(conditions) > 1 else c for c in conditions)
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql, params
