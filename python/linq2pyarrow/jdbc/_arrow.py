"""The Arrow producer used by the JDBC source: pyarrow when installed, else
Linq2PyArrow's dependency-free ``linq2pyarrow.arrow`` (same names).

Only the small pyarrow subset both provide is used, so the source behaves the
same with either.
"""
from __future__ import annotations

try:
    import pyarrow as pa
except ImportError:  # pyarrow is optional: the fallback is the zero-dependency producer
    from linq2pyarrow import arrow as pa

__all__ = ["pa", "has_decimal"]


def has_decimal() -> bool:
    """True when the producer can build decimal128 columns (the fallback may not)."""
    return hasattr(pa, "decimal128")
