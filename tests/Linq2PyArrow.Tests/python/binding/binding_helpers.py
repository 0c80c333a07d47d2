"""Python side of the binding tests (tests/Linq2PyArrow.Tests/Python). Imported through the search path that
the test assembly configures, which is itself under test."""
import sys


class CustomError(Exception):
    """An exception type defined outside builtins: its name must come out qualified by its module."""


def raise_custom(message):
    raise CustomError(message)


def explicit_chain():
    try:
        {}["inner key"]
    except KeyError as error:
        raise RuntimeError("outer failure") from error


def implicit_chain():
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("failed while handling")


def items_then_fail(count):
    for i in range(count):
        yield i
    raise ValueError("boom after %d items" % count)


def count_up(count):
    yield from range(count)


class RaisesInDel:
    deleted = 0

    def __del__(self):
        RaisesInDel.deleted += 1
        raise RuntimeError("raised in __del__")


class Tracked:
    """An object whose reference count the lifetime tests watch."""


def refcount(obj):
    # getrefcount sees its own argument and this frame's: a constant offset, compared only with itself.
    return sys.getrefcount(obj)
