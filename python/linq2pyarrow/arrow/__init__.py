"""A small, dependency-free Arrow producer with pyarrow's names for the subset it covers.

Sources can write::

    try:
        import pyarrow as pa
    except ImportError:
        from linq2pyarrow import arrow as pa

Everything exports through the Arrow PyCapsule protocol (``__arrow_c_schema__``,
``__arrow_c_array__``, ``__arrow_c_stream__``) and pyarrow's legacy
``_export_to_c``.  Data is built with the standard library only; numpy arrays
and other buffer-protocol objects are exported without copying.
"""
from . import ipc
from .array import Array, Scalar
from .batch import RecordBatch, record_batch
from .buffer import Buffer, py_buffer
from .builders import DictionaryArray, array, decimal128_from_scaled
from .errors import ArrowCapacityError, ArrowException, ArrowInvalid, ArrowNotImplementedError, ArrowTypeError
from .schema import Field, Schema, field, schema
from .table import ChunkedArray, RecordBatchReader, Table, chunked_array, table
from .types import (
    DataType,
    Decimal128Type,
    DictionaryType,
    DurationType,
    LargeListType,
    ListType,
    StructType,
    Time32Type,
    Time64Type,
    TimestampType,
    binary,
    bool_,
    date32,
    date64,
    decimal128,
    dictionary,
    duration,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    large_binary,
    large_list,
    large_string,
    large_utf8,
    list_,
    null,
    string,
    struct,
    time32,
    time64,
    timestamp,
    type_for_alias,
    uint8,
    uint16,
    uint32,
    uint64,
    utf8,
)

__all__ = [
    "ipc",
    "Array",
    "DictionaryArray",
    "Scalar",
    "array",
    "decimal128_from_scaled",
    "RecordBatch",
    "record_batch",
    "Buffer",
    "py_buffer",
    "ArrowCapacityError",
    "ArrowException",
    "ArrowInvalid",
    "ArrowNotImplementedError",
    "ArrowTypeError",
    "Field",
    "Schema",
    "field",
    "schema",
    "RecordBatchReader",
    "ChunkedArray",
    "Table",
    "chunked_array",
    "table",
    "DataType",
    "Decimal128Type",
    "DictionaryType",
    "DurationType",
    "LargeListType",
    "ListType",
    "StructType",
    "Time32Type",
    "Time64Type",
    "TimestampType",
    "binary",
    "bool_",
    "date32",
    "date64",
    "decimal128",
    "dictionary",
    "duration",
    "float16",
    "float32",
    "float64",
    "int8",
    "int16",
    "int32",
    "int64",
    "large_binary",
    "large_list",
    "large_string",
    "large_utf8",
    "list_",
    "null",
    "string",
    "struct",
    "time32",
    "time64",
    "timestamp",
    "type_for_alias",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "utf8",
]
