"""Cost of building a 64K-row batch (int64, float64, string) with linq2pyarrow.arrow.

Compares building the batch from Python lists with building the bare
``array.array`` / joined-bytes objects the producer needs anyway (the floor
for pure Python), and with wrapping numpy arrays (zero-copy).

    PYTHONPATH=python python3 python/benchmarks/producer_bench.py
"""
import sys
import timeit
from array import array
from itertools import accumulate

from linq2pyarrow import arrow as pa

ROWS = 65536
INTS = list(range(ROWS))
FLOATS = [i * 0.5 for i in range(ROWS)]
STRINGS = ["value-%d" % i for i in range(ROWS)]
INTS_NULLS = [None if i % 10 == 0 else i for i in INTS]
FLOATS_NULLS = [None if i % 10 == 0 else f for i, f in enumerate(FLOATS)]
STRINGS_NULLS = [None if i % 10 == 0 else s for i, s in enumerate(STRINGS)]


def bare_arrays():
    """The minimum pure-Python work: the raw buffers, no Arrow objects."""
    array("q", INTS)
    array("d", FLOATS)
    "".join(STRINGS).encode("utf-8")
    array("i", accumulate(map(len, STRINGS), initial=0))


def batch_from_lists():
    return pa.RecordBatch.from_pydict({"i": INTS, "f": FLOATS, "s": STRINGS})


def batch_from_lists_with_nulls():
    return pa.RecordBatch.from_pydict({"i": INTS_NULLS, "f": FLOATS_NULLS, "s": STRINGS_NULLS})


def export(batch):
    return batch.__arrow_c_array__()


def best_ms(fn, number=20):
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1000


def main():
    print("Python %s, %d rows, columns int64/float64/string" % (sys.version.split()[0], ROWS))
    bare = best_ms(bare_arrays)
    lists = best_ms(batch_from_lists)
    print("bare array.array + joined bytes: %8.3f ms" % bare)
    print("RecordBatch from lists:          %8.3f ms  (%.2fx bare)" % (lists, lists / bare))
    print("RecordBatch from lists, 10%% None: %7.3f ms" % best_ms(batch_from_lists_with_nulls))
    batch = batch_from_lists()
    print("__arrow_c_array__ export:        %8.3f ms" % best_ms(lambda: export(batch), 200))
    try:
        import numpy as np
    except ImportError:
        print("numpy not installed: skipping the numpy case")
        return
    ints, floats = np.arange(ROWS, dtype="int64"), np.arange(ROWS, dtype="float64") * 0.5
    numeric = best_ms(lambda: pa.RecordBatch.from_pydict({"i": ints, "f": floats}), 200)
    print("RecordBatch from numpy int64+float64 (zero-copy): %.3f ms" % numeric)


if __name__ == "__main__":
    main()
