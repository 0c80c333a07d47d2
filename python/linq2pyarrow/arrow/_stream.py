"""Exporting a stream of record batches as a real ArrowArrayStream (for ``RecordBatchReader``).

The C callbacks pull from the Python iterable on demand.  An exception raised
by the iterable becomes the C stream error protocol: ``get_next`` returns EIO
and ``get_last_error`` returns the message (type, message and traceback); the
stream then stays in that error state, as the spec requires.  Nothing ever
propagates into the consumer.
"""
import ctypes
import errno
import traceback

from . import _cdata
from .batch import RecordBatch
from .errors import ArrowInvalid

__all__ = ["export_stream"]


class _StreamState:
    """What an exported stream's ``private_data`` key resolves to."""

    __slots__ = ("reader", "iterator", "error_code", "error_message")

    def __init__(self, reader):
        self.reader = reader
        self.iterator = reader._take_iterator()
        self.error_code = 0
        self.error_message = None  # NUL-terminated buffer, alive until the next error or release

    def fail(self, exc, code):
        self.reader.last_exception = exc
        text = "%s: %s\n\n%s" % (
            type(exc).__name__,
            exc,
            "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        )
        self.error_message = ctypes.create_string_buffer(text.encode("utf-8", "replace"))
        self.error_code = code
        return code


def _state_of(stream_address):
    return _cdata.lookup(_cdata.ArrowArrayStream.from_address(stream_address).private_data)


def _export_item(state, item, out_address):
    if isinstance(item, RecordBatch):
        if item.schema != state.reader.schema:
            raise ArrowInvalid(
                "batch schema does not match the stream schema:\n%s\nvs\n%s" % (item.schema, state.reader.schema)
            )
        _cdata.export_array(item._as_struct_array(), out_address)
        return
    if not hasattr(item, "__arrow_c_array__"):
        raise TypeError("stream items must be RecordBatch or implement __arrow_c_array__, got %r" % type(item).__name__)
    schema_capsule, array_capsule = item.__arrow_c_array__()
    schema = _cdata.ArrowSchema.from_address(_cdata.capsule_pointer(schema_capsule, _cdata.SCHEMA))
    if ctypes.string_at(schema.format) != b"+s" or schema.n_children != len(state.reader.schema):
        raise ArrowInvalid("stream items must be record batches with %d columns" % len(state.reader.schema))
    _cdata.move_struct(_cdata.capsule_pointer(array_capsule, _cdata.ARRAY), out_address, _cdata.ArrowArray)


def _get_schema(stream_address, out_address):
    state = _state_of(stream_address)
    if state is None:
        return errno.EINVAL
    try:
        _cdata.export_schema(state.reader.schema, out_address)
    except BaseException as exc:
        return state.fail(exc, errno.ENOMEM if isinstance(exc, MemoryError) else errno.EINVAL)
    return 0


def _get_next(stream_address, out_address):
    state = _state_of(stream_address)
    if state is None:
        return errno.EINVAL
    if state.error_code:
        return state.error_code
    try:
        item = next(state.iterator)
    except StopIteration:
        _cdata.ArrowArray.from_address(out_address).release = None  # end of stream
        return 0
    except BaseException as exc:
        return state.fail(exc, errno.EIO)
    try:
        _export_item(state, item, out_address)
    except BaseException as exc:
        return state.fail(exc, errno.EINVAL)
    return 0


def _get_last_error(stream_address):
    state = _state_of(stream_address)
    if state is None or state.error_message is None:
        return None
    return ctypes.addressof(state.error_message)


def _release(stream_address):
    stream = _cdata.ArrowArrayStream.from_address(stream_address)
    if not stream.release:
        return
    key = stream.private_data
    state = _cdata.lookup(key)
    stream.release = None
    stream.private_data = None
    _cdata.unregister(key)
    close = getattr(state.iterator, "close", None) if state is not None else None
    if close is not None:  # run the generator's finally blocks now, on release
        close()


_CALLBACKS = [
    _cdata._immortal(fn)
    for fn in (
        _cdata.GET_SCHEMA_FUNC(_cdata.guarded(_get_schema, errno.EIO)),
        _cdata.GET_NEXT_FUNC(_cdata.guarded(_get_next, errno.EIO)),
        _cdata.GET_LAST_ERROR_FUNC(_cdata.guarded(_get_last_error)),
        _cdata.RELEASE_FUNC(_cdata.guarded(_release)),
    )
]
_CALLBACK_ADDRESSES = [ctypes.cast(fn, ctypes.c_void_p).value for fn in _CALLBACKS]


def export_stream(reader, address):
    """Fill the ArrowArrayStream at *address* from *reader* (``schema``, ``_take_iterator()``, ``last_exception``)."""
    key = _cdata.register(_StreamState(reader))
    out = _cdata.ArrowArrayStream.from_address(address)
    out.get_schema, out.get_next, out.get_last_error, out.release = _CALLBACK_ADDRESSES
    out.private_data = key
