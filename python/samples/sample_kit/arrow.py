"""The Arrow producer (pyarrow or linq2pyarrow.arrow) and the ``schema`` option.

``schema`` option syntax: ``name:type,name:type``; types: int8/16/32/64,
uint8/16/32/64, float32, float64 (double), bool (boolean), string (str),
binary, date32 (date), time64 (time), timestamp (naive, microseconds),
timestamptz (UTC), duration.
"""
from dataclasses import dataclass

try:
    import pyarrow as pa
except ImportError:  # the zero-dependency producer with pyarrow-compatible names
    from linq2pyarrow import arrow as pa

_FACTORIES = {
    "int8": pa.int8,
    "int16": pa.int16,
    "int32": pa.int32,
    "int64": pa.int64,
    "uint8": pa.uint8,
    "uint16": pa.uint16,
    "uint32": pa.uint32,
    "uint64": pa.uint64,
    "float32": pa.float32,
    "float64": pa.float64,
    "bool": pa.bool_,
    "string": pa.string,
    "binary": pa.binary,
    "date32": pa.date32,
    "time64": lambda: pa.time64("us"),
    "timestamp": lambda: pa.timestamp("us"),
    "timestamptz": lambda: pa.timestamp("us", tz="UTC"),
    "duration": lambda: pa.duration("us"),
}
_ALIASES = {"double": "float64", "boolean": "bool", "str": "string", "date": "date32", "time": "time64"}
KINDS = tuple(_FACTORIES)


@dataclass(frozen=True)
class FieldSpec:
    """A column: name and kind (a key of the table above, which also picks the value parser)."""

    name: str
    kind: str


def parse_schema_option(text):
    """``"id:int64,name:string"`` -> list of FieldSpec, with errors naming the bad part."""
    specs = []
    for part in (p.strip() for p in str(text).split(",")):
        name, sep, kind = part.rpartition(":")
        kind = _ALIASES.get(kind.strip().lower(), kind.strip().lower())
        if not sep or not name.strip():
            raise ValueError(f"option 'schema': '{part}' is not 'name:type'")
        if kind not in _FACTORIES:
            raise ValueError(f"option 'schema': unknown type '{kind}' for '{name.strip()}'; known: {', '.join(KINDS)}")
        specs.append(FieldSpec(name.strip(), kind))
    if len({s.name for s in specs}) != len(specs):
        raise ValueError("option 'schema': duplicate column names")
    return specs


def to_arrow_schema(specs):
    return pa.schema([pa.field(s.name, _FACTORIES[s.kind](), nullable=True) for s in specs])


def project(specs, columns):
    """Specs of the requested columns in schema order (all when ``columns`` is None).

    Never empty, so a batch still carries its row count when no column is needed.
    """
    if columns is None:
        return list(specs)
    known = {s.name for s in specs}
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise KeyError(f"requested columns {unknown} are not in the schema ({', '.join(sorted(known))})")
    return [s for s in specs if s.name in set(columns)] or list(specs[:1])


def batch_from_columns(specs, data):
    """RecordBatch of the ``specs`` columns from ``{name: list of converted values}``."""
    return pa.RecordBatch.from_pydict({s.name: data[s.name] for s in specs}, schema=to_arrow_schema(specs))
