"""Python companion package of Linq2PyArrow.

Query Python data sources from .NET with LINQ; Arrow data crosses from Python
to .NET through the Arrow PyCapsule protocol without copying.

* :mod:`linq2pyarrow.protocol` -- the data-source protocol and filter helpers.
* :mod:`linq2pyarrow.arrow` -- a dependency-free Arrow producer with pyarrow's
  names (``from linq2pyarrow import arrow as pa`` when pyarrow is missing).

Importing this package is cheap: ``arrow`` (ctypes) loads only when used.
"""
from .protocol import (ArrowArrayExportable, ArrowSchemaExportable, ArrowStreamExportable, Source,
                       apply_filters, filters_match, normalize_filters)

__version__ = "0.1.0"

__all__ = [
    "__version__", "Source", "ArrowSchemaExportable", "ArrowArrayExportable", "ArrowStreamExportable",
    "filters_match", "apply_filters", "normalize_filters",
]
