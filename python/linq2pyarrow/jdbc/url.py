"""Parsing of the ``url`` option into connection parameters.

Accepted forms (the JDBC ones as Spark users write them, plus the usual
Python/SQLAlchemy spellings):

* ``jdbc:postgresql://host[:port]/database[?user=..&password=..&sslmode=..]``
* ``jdbc:postgresql:database`` (localhost:5432)
* ``postgresql://[user[:password]@]host[:port]/database`` (also ``postgres://``)
* ``jdbc:sqlite:path`` (``jdbc:sqlite::memory:`` too)
* ``sqlite:///relative/path``, ``sqlite:////absolute/path``

Errors name the offending part of the URL but always show it masked.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, NoReturn, Optional
from urllib.parse import parse_qsl, unquote, urlsplit

from .errors import JDBCOptionError
from .masking import mask_url

# JDBC query parameters -> libpq keyword.  Unknown parameters are rejected so a
# typo (or an unsupported JDBC setting) does not silently change behaviour.
_PG_PARAMS = {
    "user": "user",
    "password": "password",
    "sslmode": "sslmode",
    "ssl": "sslmode",
    "connecttimeout": "connect_timeout",
    "connect_timeout": "connect_timeout",
    "applicationname": "application_name",
    "application_name": "application_name",
    "options": "options",
}


@dataclass
class ParsedUrl:
    dialect: str  # "postgresql" or "sqlite"
    host: Optional[str] = None
    port: Optional[int] = None
    database: str = ""  # PostgreSQL database name, or SQLite file path
    user: Optional[str] = None
    password: Optional[str] = None
    params: Dict[str, str] = field(default_factory=dict)  # extra libpq keywords

    def __repr__(self) -> str:  # the default repr would show the password
        return (
            f"ParsedUrl(dialect={self.dialect!r}, host={self.host!r}, port={self.port!r}, "
            f"database={self.database!r}, user={self.user!r})"
        )


def _fail(url: str, problem: str) -> NoReturn:
    raise JDBCOptionError(f"option 'url' ({mask_url(url)}): {problem}") from None


def parse_url(url: Optional[str]) -> ParsedUrl:
    if not isinstance(url, str) or not url.strip():
        raise JDBCOptionError(
            "option 'url' is required, e.g. jdbc:postgresql://host:5432/db or jdbc:sqlite:/path/file.db"
        )
    url = url.strip()
    lowered = url.lower()
    if lowered.startswith("jdbc:sqlite:"):
        return _sqlite(url, url[len("jdbc:sqlite:") :])
    if lowered.startswith("sqlite://"):
        rest = url[len("sqlite://") :]
        if not rest.startswith("/"):
            _fail(url, "sqlite URLs need three slashes: sqlite:///relative.db or sqlite:////abs/path.db")
        return _sqlite(url, rest[1:])
    if lowered.startswith("jdbc:postgresql:"):
        rest = url[len("jdbc:postgresql:") :]
        if not rest.startswith("//"):  # jdbc:postgresql:database
            return _postgres(url, "postgresql://localhost/" + rest)
        return _postgres(url, "postgresql:" + rest)
    if lowered.startswith(("postgresql://", "postgres://")):
        return _postgres(url, url)
    scheme = url.split(":", 2)[:2] if lowered.startswith("jdbc:") else url.split(":", 1)[:1]
    _fail(url, f"unsupported scheme '{':'.join(scheme)}'; supported: jdbc:postgresql, postgresql, jdbc:sqlite, sqlite")


def _sqlite(url, path):
    if "?" in path and not path.startswith("file:"):
        _fail(url, "query parameters are not supported for SQLite paths")
    if not path:
        _fail(url, "missing database path after the scheme, e.g. jdbc:sqlite:/data/app.db")
    return ParsedUrl(dialect="sqlite", database=path)


def _postgres(url, normalized):
    try:
        parts = urlsplit(normalized)
        port = parts.port  # raises ValueError for a non-numeric or out-of-range port
    except ValueError:
        _fail(url, "the port must be a number between 0 and 65535")
    if not parts.hostname:
        _fail(url, "missing host, e.g. jdbc:postgresql://localhost:5432/db")
    database = unquote(parts.path.lstrip("/"))
    if not database:
        _fail(url, "missing database name after the host, e.g. jdbc:postgresql://localhost:5432/db")
    if "/" in database:
        _fail(url, f"the database name may not contain '/': '{database}'")
    parsed = ParsedUrl(
        dialect="postgresql",
        host=parts.hostname,
        port=port or 5432,
        database=database,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
    )
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        target = _PG_PARAMS.get(key.lower())
        if target is None:
            _fail(url, f"unsupported query parameter '{key}'; supported: {', '.join(sorted(set(_PG_PARAMS)))}")
        if key.lower() == "ssl":  # JDBC ssl=true means "require TLS"
            value = "require" if value.lower() == "true" else "disable"
        if target in ("user", "password"):
            setattr(parsed, target, value)
        else:
            parsed.params[target] = value
    return parsed
