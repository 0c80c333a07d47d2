"""Conversion of text (CSV cells) and JSON values to the Python values Arrow expects."""
import base64
import datetime as dt
import json


def _bool(text):
    lowered = str(text).strip().lower()
    if lowered in ("true", "t", "1", "yes"):
        return True
    if lowered in ("false", "f", "0", "no"):
        return False
    raise ValueError(f"{text!r} is not a boolean")


def _timestamp(text, utc):
    text = str(text).strip()
    if text.endswith("Z"):  # fromisoformat accepts 'Z' only from Python 3.11
        text = text[:-1] + "+00:00"
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc)
    if utc:
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return value.replace(tzinfo=None)


def _duration(value):
    return dt.timedelta(seconds=float(value))  # seconds, as a number or numeric text


def _int(value):
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(f"{value!r} is not an integer")
    return int(value)


def _text(value):
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _binary(value):
    return base64.b64decode(value)  # text formats carry bytes as base64


_PARSERS = {
    "bool": _bool,
    "string": _text,
    "binary": _binary,
    "float32": float,
    "float64": float,
    "date32": lambda v: dt.date.fromisoformat(str(v).strip()),
    "time64": lambda v: dt.time.fromisoformat(str(v).strip()),
    "timestamp": lambda v: _timestamp(v, utc=False),
    "timestamptz": lambda v: _timestamp(v, utc=True),
    "duration": _duration,
}


def parser_for(kind, empty_is_null=False):
    """value -> Python value for a schema kind; None is null, and so is '' when
    ``empty_is_null`` (CSV cannot tell an empty string from a missing value)."""
    parse = _PARSERS.get(kind, _int)  # every remaining kind is an integer type

    def convert(value):
        if value is None or (empty_is_null and value == ""):
            return None
        return parse(value)

    return convert


def convert_records(records, parsers, first_line=1):
    """``{name: [converted value per record]}`` for the ``parsers`` (name -> parser) of dict records.

    A value that does not parse raises ValueError naming its record (counted
    from ``first_line``).
    """
    try:
        return {name: [parse(record[name]) for record in records] for name, parse in parsers.items()}
    except (ValueError, TypeError):
        pass
    for line, record in enumerate(records, start=first_line):  # find the offending record
        try:
            for name, parse in parsers.items():
                parse(record[name])
        except (ValueError, TypeError) as exc:
            raise ValueError(f"record {line}: {exc}") from None
    raise AssertionError("unreachable: a conversion failed only on the first pass")
