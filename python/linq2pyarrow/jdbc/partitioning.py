"""Spark-compatible range partitioning and partition pruning.

With ``partitionColumn`` = c, ``lowerBound`` = lo, ``upperBound`` = hi and
``numPartitions`` = n, the stride is ``(hi - lo) // n`` and the boundaries are
``b_i = lo + i * stride``:

* partition 0:      ``c < b_1 OR c IS NULL``
* partition i:      ``c >= b_i AND c < b_(i+1)``
* partition n - 1:  ``c >= b_(n-1)`` (open-ended)

so every row lands in exactly one partition and the bounds only shape the
split (they never filter), exactly as in Spark.  As in Spark, n is lowered to
``hi - lo`` when the range is narrower than n, and n = 1 (or lo == hi) gives a
single unrestricted partition.
"""
from dataclasses import dataclass
from numbers import Real

from ..filters import NEGATIONS, is_pushable


@dataclass(frozen=True)
class RangePartitioning:
    column: str
    lower: int
    upper: int
    num_partitions: int

    def partitions(self):
        """Partition specs: JSON-like dicts with bounds (None = open) and NULL membership."""
        count = self.num_partitions
        if self.upper - self.lower < count:
            count = max(self.upper - self.lower, 1)
        if count == 1:
            return [{"index": 0, "column": self.column, "lower": None, "upper": None, "nulls": True}]
        stride = (self.upper - self.lower) // count
        bounds = [self.lower + i * stride for i in range(1, count)]
        specs = []
        for i in range(count):
            specs.append(
                {
                    "index": i,
                    "column": self.column,
                    "lower": bounds[i - 1] if i > 0 else None,
                    "upper": bounds[i] if i < count - 1 else None,
                    "nulls": i == 0,
                }
            )
        return specs


def _number(value):
    # bool is an int subclass but never a meaningful bound comparison.
    return isinstance(value, Real) and not isinstance(value, bool)


def _range_may_match(op, value, lower, upper):
    """Can some x with lower <= x < upper (None = unbounded) satisfy ``x op value``?

    The column may be non-integral (Spark allows any numeric column), so the
    half-open range is treated as real-valued.
    """
    if op in NEGATIONS:
        return True
    if op == "in":
        return any(_range_may_match("==", v, lower, upper) for v in value)
    if not _number(value):
        return True  # cannot reason about it: keep the partition
    if op == "==":
        return (lower is None or value >= lower) and (upper is None or value < upper)
    if op in ("<", "<="):
        return lower is None or (value > lower if op == "<" else value >= lower)
    return upper is None or value < upper  # ">" and ">="


def partition_may_match(spec, groups):
    """False only when no row of the partition can satisfy the DNF ``groups``."""
    if not groups:
        return True
    column = spec["column"]
    for group in groups:
        terms = [(op, v) for c, op, v in group if c == column and is_pushable(op, v)]
        in_range = all(_range_may_match(op, v, spec["lower"], spec["upper"]) for op, v in terms)
        # A NULL partition value only satisfies the negations (linq2pyarrow.filters).
        null_matches = spec["nulls"] and all(op in NEGATIONS for op, _ in terms)
        if in_range or null_matches:
            return True
    return False
