"""Rows per second of linq2pyarrow.arrow's column builders (and of the filter helpers), pure Python and numpy.

Each line builds one 64K-row column (or filters 64K rows) the way a source does, and reports the best of
several runs in CPU time of this process (time.process_time), so other processes on the machine disturb it
less than wall time would. Prints a Markdown table (the one in docs/benchmarks.md):

    PYTHONPATH=python python3 python/benchmarks/producer_bench.py

``--smoke`` runs every case once on 512 rows, checking each builder's result against pyarrow-style expectations
(python/tests/test_producer_bench.py runs it, so the benchmark cannot rot).
"""
import datetime
import decimal
import random
import sys
import time
import timeit

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow.builders import decimal128_from_scaled
from linq2pyarrow.filters import filter_pydict

try:
    import numpy as np
except ImportError:
    np = None

SMOKE = "--smoke" in sys.argv[1:]
ROWS = 512 if SMOKE else 65536
REPEAT = 1 if SMOKE else 5
rng = random.Random(7)
EPOCH = datetime.datetime(2024, 1, 1)

INTS = [rng.randrange(-(10**9), 10**9) for _ in range(ROWS)]
FLOATS = [rng.uniform(-1000, 1000) for _ in range(ROWS)]
BOOLS = [rng.random() < 0.5 for _ in range(ROWS)]
ASCII = ["customer-%d" % rng.randrange(100_000) for _ in range(ROWS)]
UNICODE = [rng.choice(["Zürich", "東京", "Ørsta", "São Paulo", "Kraków"]) + str(i % 100) for i in range(ROWS)]
DATETIMES = [EPOCH + datetime.timedelta(microseconds=rng.randrange(10**12)) for _ in range(ROWS)]
MICROS = [(d - datetime.datetime(1970, 1, 1)) // datetime.timedelta(microseconds=1) for d in DATETIMES]
DATES = [d.date() for d in DATETIMES]
CENTS = [rng.randrange(-(10**8), 10**8) for _ in range(ROWS)]
DECIMALS = [decimal.Decimal(c).scaleb(-2) for c in CENTS]


def nulls(values):
    return [None if i % 10 == 0 else v for i, v in enumerate(values)]


def rate(fn, repeat=REPEAT):
    best = min(timeit.Timer(fn, timer=time.process_time).repeat(number=1, repeat=repeat))
    return ROWS / max(best, 1e-9)


def cases():
    """(column type, input, pure-Python builder, numpy input, numpy builder or None, the values both must hold)."""
    utc = datetime.timezone.utc
    return [
        (
            "int64",
            "list of int",
            lambda: pa.array(INTS, pa.int64()),
            "ndarray int64 (zero-copy)",
            lambda a: pa.array(a["ints"]),
            INTS,
        ),
        (
            "int64, 10% null",
            "list with None",
            lambda: pa.array(NULL_INTS, pa.int64()),
            "ndarray + mask",
            lambda a: pa.array(a["ints"], mask=a["mask"]),
            NULL_INTS,
        ),
        (
            "float64",
            "list of float",
            lambda: pa.array(FLOATS, pa.float64()),
            "ndarray float64 (zero-copy)",
            lambda a: pa.array(a["floats"]),
            FLOATS,
        ),
        (
            "bool",
            "list of bool",
            lambda: pa.array(BOOLS, pa.bool_()),
            "ndarray bool (bit-packed)",
            lambda a: pa.array(a["bools"]),
            BOOLS,
        ),
        (
            "string",
            "list of ASCII str",
            lambda: pa.array(ASCII, pa.string()),
            "ndarray of str (via list)",
            lambda a: pa.array(a["ascii"], pa.string()),
            ASCII,
        ),
        ("string", "list of non-ASCII str", lambda: pa.array(UNICODE, pa.string()), None, None, UNICODE),
        ("string, 10% null", "list with None", lambda: pa.array(NULL_ASCII, pa.string()), None, None, NULL_ASCII),
        (
            "timestamp[us]",
            "list of datetime",
            lambda: pa.array(DATETIMES, pa.timestamp("us")),
            "ndarray datetime64[us] (zero-copy)",
            lambda a: pa.array(a["stamps"], pa.timestamp("us")),
            DATETIMES,
        ),
        (
            "timestamp[us, tz=UTC]",
            "list of int (µs since epoch)",
            lambda: pa.array(MICROS, pa.timestamp("us", "UTC")),
            "ndarray int64 (zero-copy)",
            lambda a: pa.array(a["micros"], pa.timestamp("us", "UTC")),
            [d.replace(tzinfo=utc) for d in DATETIMES],
        ),
        (
            "date32",
            "list of date",
            lambda: pa.array(DATES, pa.date32()),
            "ndarray datetime64[D]",
            lambda a: pa.array(a["days"], pa.date32()),
            DATES,
        ),
        (
            "decimal128(18, 2)",
            "list of Decimal",
            lambda: pa.array(DECIMALS, pa.decimal128(18, 2)),
            None,
            None,
            DECIMALS,
        ),
        (
            "decimal128(18, 2)",
            "decimal128_from_scaled(list of int)",
            lambda: decimal128_from_scaled(CENTS, 18, 2),
            "decimal128_from_scaled(ndarray int64)",
            lambda a: decimal128_from_scaled(a["cents"], 18, 2),
            DECIMALS,
        ),
        (
            "filter_pydict",
            "2 columns, int > and str ==, lists",
            lambda: filter_pydict({"i": INTS, "s": ASCII}, FILTERS),
            "ndarray int64 + list of str",
            lambda a: filter_pydict({"i": a["ints"], "s": ASCII}, FILTERS),
            {"i": [i for i, s in zip(INTS, ASCII) if i > 0 and s == ASCII[0]], "s": [ASCII[0]] * KEPT},
        ),
    ]


NULL_INTS = nulls(INTS)
NULL_ASCII = nulls(ASCII)
FILTERS = [("i", ">", 0), ("s", "==", ASCII[0])]
KEPT = sum(1 for i, s in zip(INTS, ASCII) if i > 0 and s == ASCII[0])


def values_of(result):
    """What a builder (an Array) or filter_pydict (a dict of lists or arrays) produced, as Python values."""
    if isinstance(result, dict):
        return {name: values_of(column) for name, column in result.items()}
    return (
        result.tolist()
        if hasattr(result, "tolist")
        else list(result)
        if isinstance(result, list)
        else result.to_pylist()
    )


def arrays():
    return {
        "ints": np.array(INTS, dtype=np.int64),
        "mask": np.array([i % 10 == 0 for i in range(ROWS)]),
        "floats": np.array(FLOATS),
        "bools": np.array(BOOLS),
        "ascii": np.array(ASCII),
        "stamps": np.array(DATETIMES, dtype="datetime64[us]"),
        "micros": np.array(MICROS, dtype=np.int64),
        "days": np.array(DATES, dtype="datetime64[D]"),
        "cents": np.array(CENTS, dtype=np.int64),
    }


def main():
    numpy_arrays = arrays() if np is not None else None
    print(
        "Python %s, numpy %s, %d rows per column; million rows per second of CPU time (best of %d)"
        % (sys.version.split()[0], np.__version__ if np is not None else "not installed", ROWS, REPEAT)
    )
    print()
    print("| column | pure Python input | M rows/s | numpy input | M rows/s |")
    print("| --- | --- | ---: | --- | ---: |")
    for column, listed, build, numpy_label, numpy_build, expected in cases():
        if SMOKE:  # check the answers too: a fast builder that builds the wrong column is no benchmark
            check(column, listed, build(), expected)
            if numpy_build is not None and numpy_arrays is not None:
                check(column, numpy_label, numpy_build(numpy_arrays), expected)
        pure = rate(build) / 1e6
        if numpy_build is None or numpy_arrays is None:
            numpy_cell = ("", "")
        else:
            numpy_cell = (numpy_label, "%.1f" % (rate(lambda: numpy_build(numpy_arrays)) / 1e6))
        print("| %s | %s | %.1f | %s | %s |" % (column, listed, pure, *numpy_cell))


def check(column, label, result, expected):
    actual = values_of(result)
    if actual != expected:
        raise AssertionError("%s from %s: wrong values (first: %r, expected %r)" % (column, label, actual, expected))


if __name__ == "__main__":
    main()
