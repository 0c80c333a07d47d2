"""Protocol mistakes not covered by scan_sources (see Sources/OpenErrorTests and RunErrorTests for the others)."""
from l2pa_test_sources import ROWS_SCHEMA, Rows, make_rows


class PlanWithoutOptions(Rows):
    def plan_partitions(self):
        return [{}]


class RequiredKeywordOnly(Rows):
    def read_partition(self, partition_spec, options, *, columns=None, session):
        yield make_rows(0, 1)


class SchemaIsNone(Rows):
    def infer_schema(self, options):
        return None


class SchemaIsBatch(Rows):
    """A record batch is data, not a schema (though it can export one)."""

    def infer_schema(self, options):
        return make_rows(0, 1)


class MorePlans(Rows):
    """option plan: none | generator | int_key | set | bytes | deep."""

    def plan_partitions(self, options):
        kind = options["plan"]
        if kind == "none":
            return None
        if kind == "generator":
            return ({"index": i} for i in range(2))
        return {
            "int_key": [{1: "a"}],
            "set": [{"index": 0, "ids": {1, 2}}],
            "bytes": [{"index": 0, "raw": b"\x00"}],
            "deep": [{"index": 0, "nested": {"list": [1, 2.5, None, {"x": object()}]}}],
        }[kind]


class MoreReads(Rows):
    """option read: str | dict | raises_stopiteration | schema."""

    def plan_partitions(self, options):
        return [{"index": 0}]

    def read_partition(self, partition_spec, options):
        kind = options["read"]
        if kind == "str":
            return "abc"
        if kind == "dict":
            return {"id": [1, 2]}
        if kind == "schema":
            return iter([ROWS_SCHEMA])
        return self._stop()

    def _stop(self):
        yield make_rows(0, 2)
        raise StopIteration("early")
