"""Python companion package of Linq2PyArrow.

Query Python data sources from .NET with LINQ; Arrow data crosses from Python
to .NET through the Arrow PyCapsule protocol without copying.

* :mod:`linq2pyarrow.protocol` -- the data-source protocol.
* :mod:`linq2pyarrow.filters` -- what the ``filters`` hint means, and helpers
  that apply it to rows, column lists, numpy arrays, record batches and SQL.
* :mod:`linq2pyarrow.arrow` -- a dependency-free Arrow producer with pyarrow's
  names (``from linq2pyarrow import arrow as pa`` when pyarrow is missing).
* :mod:`linq2pyarrow.secret_names` -- which option names hold secrets.

Importing this package is cheap: ``arrow`` (ctypes) loads only when used.
"""
from .protocol import ArrowArrayExportable, ArrowSchemaExportable, ArrowStreamExportable, Source

__version__ = "0.1.0"

__all__ = ["__version__", "Source", "ArrowSchemaExportable", "ArrowArrayExportable", "ArrowStreamExportable"]
