"""Optional engine ``engine=connectorx`` (UNTESTED here: connectorx is not installable in this environment).

Used only when the option asks for it and both connectorx and pyarrow are
importable: connectorx returns pyarrow tables, which are passed through.
connectorx has no bound parameters and values are never inlined into SQL,
so ``filters`` are NOT pushed down with this engine (the .NET side applies
them); columns, partitions and limit are.  Column types follow connectorx's
own mapping, not the native one documented in README.md.
"""
from __future__ import annotations

from typing import Any, Iterator, Sequence

from ..sql import Dialect
from ._arrow_engines import plain_url, require

# "numeric" paramstyle only to avoid %-doubling: no parameters are ever sent.
DIALECTS = {"postgresql": Dialect("postgresql", "numeric"), "sqlite": Dialect("sqlite", "qmark")}
PUSHES_FILTERS = False


def _read_table(url: Any, sql: str) -> Any:
    cx = require("connectorx", "connectorx", "pip install connectorx")
    return cx.read_sql(plain_url(url), sql, return_type="arrow")


def schema(url: Any, sql: str) -> Any:
    return _read_table(url, sql).schema


def read(url: Any, sql: str, params: Sequence[Any], fetchsize: int) -> Iterator[Any]:
    assert not params, "connectorx takes no bound parameters"
    yield from _read_table(url, sql).to_batches(max_chunksize=fetchsize)
