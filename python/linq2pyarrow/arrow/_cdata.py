"""Arrow C Data Interface structs, exporters, release callbacks and capsules.

Everything that touches raw C memory lives here; the rest of the package deals
in Python objects that expose ``_c_schema_parts()`` / ``_c_array_parts()``.

Lifetime model
--------------
Every exported struct (top level, each child, each dictionary) has its own
registry entry, whose integer key is its ``private_data``.  The entry keeps
alive everything the struct points at (buffer owners, pointer arrays, child
structs, strings).  ``release`` finds the entry through ``private_data`` --
never through the struct's address, because consumers move structs --
releases the children not moved out, marks the struct released and drops the
entry, exactly once.

Release callbacks may run on any thread, including the CLR finalizer thread
with no Python thread state: ctypes callbacks take the GIL themselves
(``PyGILState_Ensure``).  Calling them after interpreter finalization is not
supported.  They never raise (an escaping exception would only be printed).

Pending exceptions and capsule lifetime
---------------------------------------
A ctypes callback that runs while an exception propagates always destroys it
(reported as "Exception ignored"), and on Python 3.11+ the unwinding frame may
then crash.  A capsule left as a temporary in an expression that raises dies
exactly then.  So this module keeps a strong reference to every capsule it
creates, and ``collect()`` destroys the ones nobody else references at safe
points only: before the next capsule is made, after each garbage collection,
when the counters are read, at exit.  The destructor then calls ``release``
unless a consumer moved the struct out, and frees the struct memory.  A
consumer that moved the struct out releases it itself, whenever it chooses.

Release callbacks called by a consumer during exception unwinding (pyarrow
dropping an imported temporary) have the same problem: ``guarded`` still does
the release but cannot keep the exception.  .NET never does that.
"""
import atexit
import ctypes
import gc
import itertools
import sys
import threading
import traceback
from ctypes import CFUNCTYPE, PYFUNCTYPE, Structure, c_int, c_int64, c_size_t, c_void_p, py_object

__all__ = [
    "ArrowSchema",
    "ArrowArray",
    "ArrowArrayStream",
    "FLAG_DICTIONARY_ORDERED",
    "FLAG_NULLABLE",
    "FLAG_MAP_KEYS_SORTED",
    "SCHEMA",
    "ARRAY",
    "STREAM",
    "export_schema",
    "export_array",
    "new_capsule",
    "capsule_pointer",
    "capsule_name",
    "move_struct",
    "register",
    "lookup",
    "unregister",
    "guarded",
    "collect",
    "live_exports",
    "release_count",
    "stats",
]

FLAG_DICTIONARY_ORDERED = 1
FLAG_NULLABLE = 2
FLAG_MAP_KEYS_SORTED = 4


# Pointer fields are declared c_void_p: reading gives an int (or None for NULL),
# writing accepts an int or None, and callback arguments arrive as plain ints
# (ctypes would otherwise have to instantiate POINTER objects, which fails while
# an exception is pending -- see the module docstring).
class ArrowSchema(Structure):
    _fields_ = [
        ("format", c_void_p),
        ("name", c_void_p),
        ("metadata", c_void_p),
        ("flags", c_int64),
        ("n_children", c_int64),
        ("children", c_void_p),
        ("dictionary", c_void_p),
        ("release", c_void_p),
        ("private_data", c_void_p),
    ]


class ArrowArray(Structure):
    _fields_ = [
        ("length", c_int64),
        ("null_count", c_int64),
        ("offset", c_int64),
        ("n_buffers", c_int64),
        ("n_children", c_int64),
        ("buffers", c_void_p),
        ("children", c_void_p),
        ("dictionary", c_void_p),
        ("release", c_void_p),
        ("private_data", c_void_p),
    ]


class ArrowArrayStream(Structure):
    _fields_ = [
        ("get_schema", c_void_p),
        ("get_next", c_void_p),
        ("get_last_error", c_void_p),
        ("release", c_void_p),
        ("private_data", c_void_p),
    ]


RELEASE_FUNC = CFUNCTYPE(None, c_void_p)  # same ABI for all three struct kinds
GET_SCHEMA_FUNC = CFUNCTYPE(c_int, c_void_p, c_void_p)
GET_NEXT_FUNC = CFUNCTYPE(c_int, c_void_p, c_void_p)
GET_LAST_ERROR_FUNC = CFUNCTYPE(c_void_p, c_void_p)
_CAPSULE_DESTRUCTOR = CFUNCTYPE(None, c_void_p)

# Private prototypes, so we never change argtypes on the shared ctypes.pythonapi.
_api = ctypes.pythonapi
_pyerr_occurred = PYFUNCTYPE(c_void_p)(("PyErr_Occurred", _api))
_py_incref = PYFUNCTYPE(None, py_object)(("Py_IncRef", _api))
_raw_calloc = PYFUNCTYPE(c_void_p, c_size_t, c_size_t)(("PyMem_RawCalloc", _api))
_raw_free = PYFUNCTYPE(None, c_void_p)(("PyMem_RawFree", _api))
_capsule_new = PYFUNCTYPE(py_object, c_void_p, c_void_p, c_void_p)(("PyCapsule_New", _api))
_capsule_get_pointer = PYFUNCTYPE(c_void_p, py_object, c_void_p)(("PyCapsule_GetPointer", _api))
_capsule_get_pointer_raw = PYFUNCTYPE(c_void_p, c_void_p, c_void_p)(("PyCapsule_GetPointer", _api))
_capsule_get_name = PYFUNCTYPE(ctypes.c_char_p, py_object)(("PyCapsule_GetName", _api))


def _immortal(obj):
    """Leak one reference so *obj* outlives interpreter teardown.

    Callback thunks and capsule names may be used by capsules and structs that
    die after this module's globals are cleared; freeing them would turn a late
    release into a jump to freed memory.
    """
    _py_incref(obj)
    return obj


def _report(where):
    try:
        sys.stderr.write("linq2pyarrow: exception in %s ignored:\n%s" % (where, traceback.format_exc()))
    except BaseException:  # stderr may be gone at shutdown; there is nowhere left to report
        pass


def guarded(fn, failure_result=None):
    """Make *fn* safe to use as a C callback (see the module docstring)."""

    def callback(*args):
        if _pyerr_occurred is None:  # interpreter teardown cleared the module's globals: the process is exiting
            return failure_result
        pending = None
        try:
            _pyerr_occurred()
        except BaseException as exc:  # an exception was propagating when C called us
            pending = exc
        try:
            result = fn(*args)
        except BaseException:
            _report(fn.__name__)
            result = failure_result
        if pending is not None:
            raise pending
        return result

    callback.__name__ = fn.__name__
    return callback


# --- keep-alive registry ----------------------------------------------------
# Re-entrant: from 3.12 the GC (and so _collect_after_gc, which releases
# structs) can run at any bytecode boundary, including inside these sections.
_lock = threading.RLock()
_registry = {}
_keys = itertools.count(1)  # 0 would read back as a NULL private_data
_counters = {"exported": 0, "released": 0, "unknown_releases": 0}


def register(keepalive):
    """Store *keepalive* and return the key to put in ``private_data``."""
    with _lock:
        key = next(_keys)
        _registry[key] = keepalive
        _counters["exported"] += 1
    return key


def lookup(key):
    return _registry.get(key)


def unregister(key):
    """Drop the entry for *key*; count releases of unknown keys (double releases)."""
    with _lock:
        entry = _registry.pop(key, None)
        _counters["released" if entry is not None else "unknown_releases"] += 1
    # *entry* is dropped here, outside the lock: its destructors may release more structs.
    return entry is not None


def live_exports():
    """Number of exported structs (incl. children and streams) not yet released.

    Unreferenced capsules are collected first, so the count is exact.
    """
    collect()
    return len(_registry)


def release_count():
    """Total number of release callbacks that found their entry."""
    return _counters["released"]


def stats():
    """Counters for tests: live, exported, released, unknown_releases (double releases)."""
    collect()
    with _lock:
        return dict(_counters, live=len(_registry))


# --- exporting --------------------------------------------------------------
def _call_release(addr, cls):
    """Release the struct at *addr* if it has not been released or moved out."""
    release = cls.from_address(addr).release
    if release:
        RELEASE_FUNC(release)(addr)


def _export_children(nodes, cls, export):
    """Export *nodes* into freshly allocated structs; all or nothing."""
    structs = []
    try:
        for node in nodes:
            struct = cls()
            export(node, ctypes.addressof(struct))
            structs.append(struct)
    except BaseException:
        for struct in structs:
            _call_release(ctypes.addressof(struct), cls)
        raise
    # Always a valid pointer array, even when empty: some consumers dereference it.
    pointers = (c_void_p * max(len(structs), 1))(*map(ctypes.addressof, structs))
    return structs, pointers


def _export_descendants(children, dictionary, struct, export):
    """A node's children and its dictionary (if any); if the dictionary fails, the children are released."""
    kids, kid_pointers = _export_children(children, struct, export)
    try:
        dicts, _ = _export_children([] if dictionary is None else [dictionary], struct, export)
    except BaseException:
        for kid in kids:
            _call_release(ctypes.addressof(kid), struct)
        raise
    return kids, kid_pointers, dicts


def _cstring(text):
    return ctypes.create_string_buffer(text.encode("utf-8"))


def export_schema(node, address):
    """Fill the ArrowSchema at *address* from ``node._c_schema_parts()``."""
    fmt, name, metadata, flags, children, dictionary = node._c_schema_parts()
    kids, kid_pointers, dicts = _export_descendants(children, dictionary, ArrowSchema, export_schema)
    strings = (
        _cstring(fmt),
        None if name is None else _cstring(name),
        None if metadata is None else ctypes.create_string_buffer(metadata, len(metadata)),
    )
    key = register((node, strings, kids, kid_pointers, dicts))
    out = ArrowSchema.from_address(address)
    out.format, out.name, out.metadata = [None if s is None else ctypes.addressof(s) for s in strings]
    out.flags = flags
    out.n_children = len(kids)
    out.children = ctypes.addressof(kid_pointers)
    out.dictionary = ctypes.addressof(dicts[0]) if dicts else None
    out.private_data = key
    out.release = _SCHEMA_RELEASE_ADDRESS


def export_array(node, address):
    """Fill the ArrowArray at *address* from ``node._c_array_parts()``."""
    length, null_count, offset, buffers, children, dictionary = node._c_array_parts()
    pointers = (c_void_p * max(len(buffers), 1))(*[None if b is None else b.address for b in buffers])
    kids, kid_pointers, dicts = _export_descendants(children, dictionary, ArrowArray, export_array)
    key = register((node, pointers, kids, kid_pointers, dicts))
    out = ArrowArray.from_address(address)
    out.length = length
    out.null_count = null_count
    out.offset = offset
    out.n_buffers = len(buffers)
    out.n_children = len(kids)
    out.buffers = ctypes.addressof(pointers)
    out.children = ctypes.addressof(kid_pointers)
    out.dictionary = ctypes.addressof(dicts[0]) if dicts else None
    out.private_data = key
    out.release = _ARRAY_RELEASE_ADDRESS


def _make_release(cls):
    def release(address):
        struct = cls.from_address(address)
        if not struct.release:
            return
        if struct.n_children:
            for child in (c_void_p * struct.n_children).from_address(struct.children):
                _call_release(child, cls)
        if struct.dictionary:
            _call_release(struct.dictionary, cls)
        key = struct.private_data
        struct.release = None
        struct.private_data = None
        unregister(key)

    release.__name__ = "release_" + cls.__name__
    return _immortal(RELEASE_FUNC(guarded(release)))


_SCHEMA_RELEASE = _make_release(ArrowSchema)
_ARRAY_RELEASE = _make_release(ArrowArray)
_SCHEMA_RELEASE_ADDRESS = ctypes.cast(_SCHEMA_RELEASE, c_void_p).value
_ARRAY_RELEASE_ADDRESS = ctypes.cast(_ARRAY_RELEASE, c_void_p).value


def move_struct(source, destination, cls):
    """Move a C struct per the spec: bitwise copy, then mark the source released."""
    src = cls.from_address(source)
    if not src.release:
        raise ValueError("cannot move an already released %s" % cls.__name__)
    ctypes.memmove(destination, source, ctypes.sizeof(cls))
    src.release = None


# --- capsules ---------------------------------------------------------------
def _static_cstring(data):
    """A NUL-terminated copy of *data* that lives for the whole process."""
    address = _raw_calloc(len(data) + 1, 1)
    if not address:
        raise MemoryError
    ctypes.memmove(address, data, len(data))
    return address


class _CapsuleKind:
    """One of the three capsule kinds: struct class, name and destructor."""

    def __init__(self, cls, name):
        self.cls = cls
        self.name = name.decode()
        self.name_address = _static_cstring(name)

        def destroy(capsule):
            address = _capsule_get_pointer_raw(capsule, self.name_address)
            if address:
                _call_release(address, cls)
                _raw_free(address)

        destroy.__name__ = "destroy_" + self.name
        self.destructor = _immortal(_CAPSULE_DESTRUCTOR(guarded(destroy)))
        self.destructor_address = ctypes.cast(self.destructor, c_void_p).value


SCHEMA = _CapsuleKind(ArrowSchema, b"arrow_schema")
ARRAY = _CapsuleKind(ArrowArray, b"arrow_array")
STREAM = _CapsuleKind(ArrowArrayStream, b"arrow_array_stream")


# Strong references to every capsule we created; see "Pending exceptions and
# capsule lifetime" in the module docstring.
_capsules: dict = {}  # key -> capsule
_capsule_keys = itertools.count()
_capsule_lock = threading.Lock()
_collect_threshold = [16]


def _refcount(key):
    return sys.getrefcount(_capsules[key])


_capsules[-1] = object()
_UNREFERENCED = _refcount(-1)  # the count seen when only _capsules holds the object
del _capsules[-1]


def collect(blocking=True):
    """Destroy the capsules that only this module still references.

    Their destructors release the structs no consumer moved out.  Returns the
    number of capsules destroyed.  Runs at safe points automatically; tests may
    call it directly.
    """
    if not _capsule_lock.acquire(blocking):
        return 0  # re-entered from a GC callback during a collect: nothing to do
    try:
        dead = [_capsules.pop(key) for key in list(_capsules) if _refcount(key) <= _UNREFERENCED]
        _collect_threshold[0] = max(16, 2 * len(_capsules))
    finally:
        _capsule_lock.release()
    return len(dead)  # the destructors run when *dead* goes away, outside the lock


def _collect_after_gc(phase, info):
    if phase == "stop" and _capsules:
        collect(blocking=False)


gc.callbacks.append(_collect_after_gc)
atexit.register(collect)


def new_capsule(kind, fill):
    """Allocate a zeroed struct, let ``fill(address)`` populate it, wrap it in a capsule.

    The capsule owns the struct memory; its destructor calls ``release`` if the
    struct was not moved out by a consumer, then frees the memory.
    """
    if len(_capsules) >= _collect_threshold[0]:
        collect()
    address = _raw_calloc(1, ctypes.sizeof(kind.cls))
    if not address:
        raise MemoryError
    try:
        fill(address)
        capsule = _capsule_new(address, kind.name_address, kind.destructor_address)
    except BaseException:
        _call_release(address, kind.cls)
        _raw_free(address)
        raise
    with _capsule_lock:
        _capsules[next(_capsule_keys)] = capsule
    return capsule


def capsule_name(capsule):
    """The name of a PyCapsule, or None if *capsule* is not one."""
    if type(capsule).__name__ != "PyCapsule":
        return None
    name = _capsule_get_name(capsule)
    return None if name is None else name.decode()


def capsule_pointer(capsule, kind):
    """Address of the struct inside *capsule*; ValueError if it is not a *kind* capsule."""
    if capsule_name(capsule) != kind.name:
        raise ValueError("expected an %r PyCapsule, got %r" % (kind.name, capsule))
    return _capsule_get_pointer(capsule, kind.name_address)
