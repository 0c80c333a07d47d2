"""Sources for the row-type tests: enums from string and integer columns (every string layout), with filters applied
exactly as the protocol documents and recorded, so a wrongly pushed enum comparison would lose rows."""
import threading

from linq2pyarrow import arrow as pa
from linq2pyarrow.filters import row_matches

from arrow_types import column, string_view

STATUS = ["Active", "inactive", "CLOSED", None, "Pending", "active", "Closed", None, "PENDING", "Active"]
LEVELS = [0, 1, 2, None, 7, 3, 1, None, 0, 2]
PERMS = ["Read", "Read, Write", "write", None, "Read,Write,Execute", "Execute", "None", None, "Write", "Read"]

LAYOUTS = {
    "utf8": pa.string(),
    "large_utf8": pa.large_string(),
    "utf8_view": string_view(),
    "dictionary": pa.dictionary(pa.int32(), pa.string()),
}
INTEGERS = {
    "int8": pa.int8(),
    "int16": pa.int16(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "uint8": pa.uint8(),
    "float64": pa.float64(),
}
PARTITIONS = [(0, 6), (6, 10)]


class Enums:
    """id int64, status (string layout from option 'layout'), level (integer type from option 'ints'), perms string.

    options: layout, ints, bad ("row:value" replaces status at that row), nulls ("0" drops rows with a null),
    tag (records the filters received)."""

    filters = {}
    lock = threading.Lock()

    def infer_schema(self, options):
        return pa.schema(
            [
                pa.field("id", pa.int64()),
                pa.field("status", LAYOUTS[options.get("layout", "utf8")]),
                pa.field("level", INTEGERS[options.get("ints", "int8")]),
                pa.field("perms", pa.string()),
            ]
        )

    def plan_partitions(self, options):
        return [{"start": start, "stop": stop} for start, stop in PARTITIONS]

    def read_partition(self, partition_spec, options, *, filters=None):
        with Enums.lock:
            Enums.filters.setdefault(options.get("tag", ""), []).append(repr(filters))
        status = list(STATUS)
        if "bad" in options:
            row, value = options["bad"].split(":", 1)
            status[int(row)] = value
        rows = [
            {"id": i, "status": status[i], "level": LEVELS[i], "perms": PERMS[i]}
            for i in range(partition_spec["start"], partition_spec["stop"])
        ]
        if options.get("nulls") == "0":
            rows = [r for r in rows if r["status"] is not None and r["level"] is not None]
        rows = [r for r in rows if row_matches(r, filters)]
        schema = self.infer_schema(options)
        level_type = schema.field("level").type
        levels = [
            None if r["level"] is None else float(r["level"]) if options.get("ints") == "float64" else r["level"]
            for r in rows
        ]
        yield pa.RecordBatch(
            schema,
            [
                pa.array([r["id"] for r in rows], pa.int64()),
                column(schema.field("status").type, [r["status"] for r in rows]),
                pa.array(levels, level_type),
                pa.array([r["perms"] for r in rows], pa.string()),
            ],
            len(rows),
        )

    @staticmethod
    def take_filters(tag):
        with Enums.lock:
            return Enums.filters.pop(tag, [])
