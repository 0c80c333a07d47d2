"""Wrap Arrow C structs made by other producers (GDAL, DuckDB, ...) as PyCapsules.

Producers that only hand out raw ``ArrowSchema*``/``ArrowArray*``/
``ArrowArrayStream*`` addresses can be bridged to the PyCapsule protocol by
*moving* the struct into capsule-owned memory: bitwise copy, then mark the
source released (``release = NULL``) without calling its release callback, as
the C Data Interface prescribes.  The capsule's destructor releases the struct
unless a consumer moved it out first.
"""
from __future__ import annotations

import ctypes
from typing import Any, List, Optional, Tuple

from . import _cdata

__all__ = [
    "schema_capsule_from_address",
    "array_capsule_from_address",
    "stream_capsule_from_address",
    "capsule_to_address",
    "schema_field_names",
    "CapsuleRecordBatch",
    "CapsuleArrayStream",
]


def _capsule_from_address(address: int, kind: Any) -> object:
    if not address:
        raise ValueError("NULL %s address" % kind.cls.__name__)
    return _cdata.new_capsule(kind, lambda destination: _cdata.move_struct(address, destination, kind.cls))


def schema_capsule_from_address(address: int) -> object:
    """Move the ArrowSchema at *address* into a new ``arrow_schema`` capsule."""
    return _capsule_from_address(address, _cdata.SCHEMA)


def array_capsule_from_address(address: int) -> object:
    """Move the ArrowArray at *address* into a new ``arrow_array`` capsule."""
    return _capsule_from_address(address, _cdata.ARRAY)


def stream_capsule_from_address(address: int) -> object:
    """Move the ArrowArrayStream at *address* into a new ``arrow_array_stream`` capsule."""
    return _capsule_from_address(address, _cdata.STREAM)


_KINDS = {kind.name: kind for kind in (_cdata.SCHEMA, _cdata.ARRAY, _cdata.STREAM)}


def capsule_to_address(capsule: object, address: int) -> None:
    """Move the struct out of *capsule* into caller-allocated memory at *address*.

    The ``_export_to_c`` counterpart for any PyCapsule producer: afterwards the
    caller owns the struct (and must release it); the capsule is left empty.
    """
    kind = _KINDS.get(_cdata.capsule_name(capsule))
    if kind is None:
        raise ValueError("expected an Arrow PyCapsule, got %r" % (capsule,))
    _cdata.move_struct(_cdata.capsule_pointer(capsule, kind), address, kind.cls)


def schema_field_names(schema_capsule: object) -> List[str]:
    """The names of the children of the (struct) ArrowSchema in *schema_capsule*, which stays untouched."""
    schema = _cdata.ArrowSchema.from_address(_cdata.capsule_pointer(schema_capsule, _cdata.SCHEMA))
    children = (ctypes.c_void_p * schema.n_children).from_address(schema.children) if schema.n_children else ()
    names = []
    for child in children:
        name = _cdata.ArrowSchema.from_address(child).name
        names.append(ctypes.string_at(name).decode("utf-8") if name else "")
    return names


def _check(capsule: object, kind: Any) -> object:
    if _cdata.capsule_name(capsule) != kind.name:
        raise ValueError("expected an %r PyCapsule, got %r" % (kind.name, capsule))
    return capsule


class CapsuleRecordBatch:
    """An ``__arrow_c_array__`` provider over a (schema, array) capsule pair.

    Capsules can be consumed only once, so ``__arrow_c_array__`` hands them out
    once; a second call raises RuntimeError.  *keepalive* is held as long as
    the batch (e.g. the dataset a producer's buffers belong to).
    """

    def __init__(self, schema_capsule: object, array_capsule: object, keepalive: object = None) -> None:
        self._capsules: Optional[Tuple[object, object]] = (
            _check(schema_capsule, _cdata.SCHEMA),
            _check(array_capsule, _cdata.ARRAY),
        )
        array = _cdata.ArrowArray.from_address(_cdata.capsule_pointer(array_capsule, _cdata.ARRAY))
        self.num_rows = array.length
        self.column_names = schema_field_names(schema_capsule)
        self._keepalive = keepalive

    @classmethod
    def from_addresses(cls, array_address: int, schema_address: int) -> CapsuleRecordBatch:
        """Move a producer's ArrowArray and ArrowSchema (e.g. GDAL's) into a new instance."""
        schema_capsule = schema_capsule_from_address(schema_address)
        return cls(schema_capsule, array_capsule_from_address(array_address))

    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> Tuple[object, object]:
        capsules, self._capsules = self._capsules, None
        if capsules is None:
            raise RuntimeError(
                "CapsuleRecordBatch.__arrow_c_array__ can only be called once: " "its capsules were already handed out"
            )
        return capsules


class CapsuleArrayStream:
    """An ``__arrow_c_stream__`` provider over one ``arrow_array_stream`` capsule (handed out once)."""

    def __init__(self, stream_capsule: object) -> None:
        self._capsule: Optional[object] = _check(stream_capsule, _cdata.STREAM)

    @classmethod
    def from_address(cls, stream_address: int) -> CapsuleArrayStream:
        return cls(stream_capsule_from_address(stream_address))

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        capsule, self._capsule = self._capsule, None
        if capsule is None:
            raise RuntimeError(
                "CapsuleArrayStream.__arrow_c_stream__ can only be called once: " "its capsule was already handed out"
            )
        return capsule
