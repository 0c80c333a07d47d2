"""CSV and JSON-lines reading with projection, filtering and limit.

Schema inference rule (when no ``schema`` option is given): column names come
from the CSV header / the keys of the first 100 JSON lines (first-seen order);
a column's type is the narrowest of int64, float64, bool, date32, timestamp
that parses every non-empty sampled value, else string.  JSON values keep
their JSON type (int -> int64, int/float mix -> float64, bool, string; nested
values -> string holding their JSON text).  Columns with no sampled value are
string.
"""
import csv
import datetime as dt
import itertools
import json

from linq2pyarrow.filters import columns_of, filter_pydict, normalize_filters

from .arrow import FieldSpec, batch_from_columns
from .values import convert_records, parser_for

SAMPLE_LINES = 100
_TEXT_KINDS = (
    ("int64", int),
    ("float64", float),
    ("bool", parser_for("bool")),
    ("date32", dt.date.fromisoformat),
    ("timestamp", parser_for("timestamp")),
)


def _text_kind(values):
    values = [v for v in values if v not in ("", None)]
    for kind, parse in _TEXT_KINDS if values else ():
        try:
            for value in values:
                parse(value)
            return kind
        except ValueError:
            continue
    return "string"


def _json_kind(values):
    types = {type(v) for v in values if v is not None}
    if types == {bool}:
        return "bool"
    if types == {int}:
        return "int64"
    if types and types <= {int, float}:
        return "float64"
    return "string"


def infer_specs(stream, fmt):
    """FieldSpecs from the start of a text stream in format ``csv`` or ``jsonl``."""
    if fmt == "csv":
        reader = csv.reader(stream)
        header = next(reader, None)
        if not header:
            raise ValueError("cannot infer a schema: the first CSV file has no header line")
        sample = list(itertools.islice(reader, SAMPLE_LINES))
        return [
            FieldSpec(name, _text_kind(row[i] if i < len(row) else "" for row in sample))
            for i, name in enumerate(header)
        ]
    records = [json.loads(line) for line in itertools.islice((ln for ln in stream if ln.strip()), SAMPLE_LINES)]
    names = list(dict.fromkeys(key for record in records for key in record))
    if not names:
        raise ValueError("cannot infer a schema: the first JSON-lines file has no objects")
    return [FieldSpec(name, _json_kind([r.get(name) for r in records])) for name in names]


def _csv_records(stream, needed):
    reader = csv.reader(stream)
    header = next(reader, [])
    index = {name: i for i, name in enumerate(header)}
    positions = [(name, index.get(name)) for name in needed]
    for row in reader:
        if row:
            yield {name: (row[i] if i is not None and i < len(row) else None) for name, i in positions}


def _jsonl_records(stream, needed):
    for line in stream:
        if line.strip():
            record = json.loads(line)
            yield {name: record.get(name) for name in needed}


def read_batches(stream, fmt, specs, output, filters, limit, batch_size):
    """Yield batches of the ``output`` specs from ``stream``.

    Only the output and filter columns are converted (projection pushdown);
    each chunk of records is filtered column-wise with
    ``linq2pyarrow.filters.filter_pydict`` before its batch is built; reading
    stops once ``limit`` rows matched.
    """
    filters = normalize_filters(filters)
    needed_names = {s.name for s in output} | columns_of(filters)
    needed = [s for s in specs if s.name in needed_names]
    parsers = {s.name: parser_for(s.kind, empty_is_null=(fmt == "csv")) for s in needed}
    records = (
        _csv_records(stream, [s.name for s in needed])
        if fmt == "csv"
        else _jsonl_records(stream, [s.name for s in needed])
    )
    first_line, produced = (2 if fmt == "csv" else 1), 0
    while limit is None or produced < limit:
        chunk = list(itertools.islice(records, batch_size if limit is None else min(batch_size, limit - produced)))
        if not chunk:
            return
        kept = filter_pydict(convert_records(chunk, parsers, first_line), filters)
        first_line += len(chunk)
        rows = len(kept[output[0].name])
        if limit is not None and rows > limit - produced:
            rows = limit - produced
            kept = {name: values[:rows] for name, values in kept.items()}
        if rows:
            produced += rows
            yield batch_from_columns(output, kept)
