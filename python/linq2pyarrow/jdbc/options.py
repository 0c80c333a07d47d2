"""Validation of the Spark-style JDBC options (a str -> str dict)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from .errors import JDBCOptionError
from .partitioning import RangePartitioning
from .sql import check_table_name
from .url import ParsedUrl, parse_url

DEFAULT_FETCHSIZE = 10000
ENGINES = ("native", "connectorx", "adbc")
POSTGRES_READS = ("auto", "copy", "cursor")
_PARTITION_KEYS = ("partitionColumn", "lowerBound", "upperBound", "numPartitions")


@dataclass
class JDBCOptions:
    url: ParsedUrl
    dbtable: Optional[str] = None
    query: Optional[str] = None
    partitioning: Optional[RangePartitioning] = None
    fetchsize: int = DEFAULT_FETCHSIZE
    engine: str = "native"
    postgres_read: str = "auto"

    def __repr__(self) -> str:  # keep credentials out of reprs (ParsedUrl's repr is masked)
        return (
            f"JDBCOptions(url={self.url!r}, dbtable={self.dbtable!r}, query={self.query!r}, "
            f"partitioning={self.partitioning!r}, fetchsize={self.fetchsize}, engine={self.engine!r}, "
            f"postgres_read={self.postgres_read!r})"
        )


def _int_option(options: Mapping[str, Any], key: str, minimum: int) -> int:
    raw = options[key]
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise JDBCOptionError(f"option '{key}' must be an integer, got '{raw}'") from None
    if value < minimum:
        raise JDBCOptionError(f"option '{key}' must be >= {minimum}, got {value}")
    return value


def parse_options(options: Optional[Mapping[str, Any]]) -> JDBCOptions:
    options = dict(options or {})
    url = parse_url(options.get("url"))
    # Separate user/password options win over the URL, as in Spark.
    if options.get("user"):
        url.user = options["user"]
    if options.get("password") is not None:
        url.password = options["password"]

    dbtable, query = options.get("dbtable"), options.get("query")
    if bool(dbtable) == bool(query):
        raise JDBCOptionError(
            "exactly one of the options 'dbtable' (a table name) or 'query' (a SELECT statement) is required"
            + ("; both were given" if dbtable else "")
        )
    if query:
        # Trailing semicolons would break the "(query) AS q" wrapping.
        query = query.strip().rstrip(";").strip()

    partitioning = None
    given = [k for k in _PARTITION_KEYS if options.get(k) not in (None, "")]
    if given:
        missing = [k for k in _PARTITION_KEYS if k not in given]
        if missing:
            raise JDBCOptionError(
                f"options {', '.join(_PARTITION_KEYS)} must be given together; missing: {', '.join(missing)}"
            )
        if query:
            raise JDBCOptionError("option 'partitionColumn' cannot be combined with 'query'; use 'dbtable' instead")
        lower, upper = _int_option(options, "lowerBound", -(2**63)), _int_option(options, "upperBound", -(2**63))
        if lower > upper:
            raise JDBCOptionError(f"option 'lowerBound' ({lower}) must not be larger than 'upperBound' ({upper})")
        partitioning = RangePartitioning(
            options["partitionColumn"].strip(), lower, upper, _int_option(options, "numPartitions", 1)
        )

    fetchsize = _int_option(options, "fetchsize", 1) if options.get("fetchsize") else DEFAULT_FETCHSIZE
    engine = options.get("engine") or "native"
    if engine not in ENGINES:
        raise JDBCOptionError(f"option 'engine' must be one of {', '.join(ENGINES)}, got '{engine}'")
    postgres_read = (options.get("postgresRead") or "auto").strip().lower()
    if postgres_read not in POSTGRES_READS:
        raise JDBCOptionError(
            f"option 'postgresRead' must be one of {', '.join(POSTGRES_READS)}, " f"got '{options['postgresRead']}'"
        )
    dbtable = check_table_name(dbtable.strip()) if dbtable else None
    return JDBCOptions(url, dbtable, query, partitioning, fetchsize, engine, postgres_read)
