"""Shared helpers of the optional engines that return pyarrow data directly."""
from __future__ import annotations

from types import ModuleType
from typing import Any
from urllib.parse import quote

from ..errors import JDBCOptionError


def require(module_name: str, engine: str, hint: str) -> ModuleType:
    """Import ``module_name`` or fail with a message naming the 'engine' option."""
    import importlib

    try:
        importlib.import_module("pyarrow")
        return importlib.import_module(module_name)
    except ImportError:
        raise JDBCOptionError(
            f"option engine={engine} needs pyarrow and {module_name} ({hint}); use engine=native instead"
        ) from None


def plain_url(url: Any) -> str:
    """postgresql:// or sqlite:// URL (with credentials) for drivers that take one."""
    if url.dialect == "sqlite":
        return f"sqlite://{url.database}" if url.database.startswith("/") else f"sqlite:///{url.database}"
    userinfo = ""
    if url.user:
        userinfo = quote(url.user, safe="")
        if url.password is not None:
            userinfo += ":" + quote(url.password, safe="")
        userinfo += "@"
    return f"postgresql://{userinfo}{url.host}:{url.port}/{quote(url.database, safe='')}"
