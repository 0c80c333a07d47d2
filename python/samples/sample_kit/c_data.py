"""Minimal Arrow C data interface plumbing with ctypes: move C structs into PyCapsules.

A producer such as GDAL hands out ``ArrowSchema`` / ``ArrowArray`` structs it
owns.  The Arrow spec allows *moving* such a struct: bitwise-copy it to new
memory and set the source's ``release`` to NULL, so the original owner's
destructor frees only its shell.  The copy lives in malloc'ed memory owned by
a PyCapsule named "arrow_schema" / "arrow_array" (the PyCapsule protocol);
the capsule destructor calls ``release`` unless a consumer moved the struct
out first, then frees the memory.

Same function names as ``linq2pyarrow.arrow.interop`` so the samples can
switch to it once that module is available.
"""
import ctypes


class ArrowSchema(ctypes.Structure):
    pass


ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p), ("name", ctypes.c_char_p), ("metadata", ctypes.c_void_p),
    ("flags", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowSchema))), ("dictionary", ctypes.POINTER(ArrowSchema)),
    ("release", ctypes.c_void_p), ("private_data", ctypes.c_void_p),
]


class ArrowArray(ctypes.Structure):
    pass


ArrowArray._fields_ = [
    ("length", ctypes.c_int64), ("null_count", ctypes.c_int64), ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)), ("children", ctypes.POINTER(ctypes.POINTER(ArrowArray))),
    ("dictionary", ctypes.POINTER(ArrowArray)), ("release", ctypes.c_void_p), ("private_data", ctypes.c_void_p),
]

_libc = ctypes.CDLL(None)
_libc.malloc.restype, _libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
_libc.free.restype, _libc.free.argtypes = None, [ctypes.c_void_p]

_CapsuleNew = ctypes.pythonapi.PyCapsule_New
_CapsuleNew.restype, _CapsuleNew.argtypes = ctypes.py_object, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
# Two views of PyCapsule_GetPointer: one for capsule objects, one for the raw
# PyObject* the destructor receives.
_GetPointer = ctypes.pythonapi.PyCapsule_GetPointer
_GetPointer.restype, _GetPointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
_GetPointerRaw = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p)(("PyCapsule_GetPointer",
                                                                                     ctypes.pythonapi))
_RELEASE = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_DESTRUCTOR = ctypes.CFUNCTYPE(None, ctypes.c_void_p)

# The capsule keeps the name pointer: these bytes objects live as long as the module.
SCHEMA_NAME, ARRAY_NAME = b"arrow_schema", b"arrow_array"


def _destructor(struct_type, name):
    # Everything is bound as defaults: module globals may be gone at interpreter exit.
    def destroy(capsule, struct_type=struct_type, name=name, get=_GetPointerRaw, free=_libc.free,
                release_type=_RELEASE):
        address = get(capsule, name)
        struct = struct_type.from_address(address)
        if struct.release:  # still owned by us: nobody imported it
            release_type(struct.release)(address)
        free(address)
    return _DESTRUCTOR(destroy)


# Module-level so the C callbacks outlive every capsule.
_DESTROY_SCHEMA = _destructor(ArrowSchema, SCHEMA_NAME)
_DESTROY_ARRAY = _destructor(ArrowArray, ARRAY_NAME)


def _move(struct_type, address, name, destructor):
    source = struct_type.from_address(address)
    if not source.release:
        raise ValueError(f"the {struct_type.__name__} at {address:#x} is already released or moved")
    target = _libc.malloc(ctypes.sizeof(struct_type))
    if not target:
        raise MemoryError
    ctypes.memmove(target, address, ctypes.sizeof(struct_type))
    source.release = None  # the producer's own destructor must not release it again
    return _CapsuleNew(target, name, ctypes.cast(destructor, ctypes.c_void_p))


def schema_capsule_from_address(address):
    """Move the ArrowSchema at ``address`` into a new "arrow_schema" capsule."""
    return _move(ArrowSchema, address, SCHEMA_NAME, _DESTROY_SCHEMA)


def array_capsule_from_address(address):
    """Move the ArrowArray at ``address`` into a new "arrow_array" capsule."""
    return _move(ArrowArray, address, ARRAY_NAME, _DESTROY_ARRAY)


def schema_struct(capsule):
    """The ArrowSchema a schema capsule holds (for reading names and formats)."""
    return ArrowSchema.from_address(_GetPointer(capsule, SCHEMA_NAME))


def array_struct(capsule):
    return ArrowArray.from_address(_GetPointer(capsule, ARRAY_NAME))


class CapsuleRecordBatch:
    """A record batch exported once through ``__arrow_c_array__`` (the capsules move on import)."""

    def __init__(self, schema_capsule, array_capsule, keepalive=None):
        self._capsules = (schema_capsule, array_capsule)
        self.num_rows = array_struct(array_capsule).length
        schema = schema_struct(schema_capsule)
        self.names = [schema.children[i].contents.name.decode("utf-8") for i in range(schema.n_children)]
        self._keepalive = keepalive  # e.g. the GDAL dataset the buffers came from

    def __arrow_c_array__(self, requested_schema=None):
        if self._capsules is None:
            raise RuntimeError("this batch was already exported through __arrow_c_array__")
        capsules, self._capsules = self._capsules, None
        return capsules
