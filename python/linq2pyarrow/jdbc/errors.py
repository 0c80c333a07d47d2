"""Exceptions raised by the JDBC source.

Messages never contain credentials: they are built from masked URLs/options
and driver messages are passed through :func:`masking.redact` first.
"""


class JDBCError(Exception):
    """Base class for every error raised by ``linq2pyarrow.jdbc``."""


class JDBCOptionError(JDBCError, ValueError):
    """An option (url, dbtable, partitionColumn, ...) is missing or invalid."""


class JDBCConnectionError(JDBCError, ConnectionError):
    """The database could not be reached or refused the credentials."""


class JDBCQueryError(JDBCError):
    """The database rejected the generated query (missing table, bad column...)."""
