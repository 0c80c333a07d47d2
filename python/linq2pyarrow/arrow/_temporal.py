"""Conversions between Python temporal/decimal objects and Arrow storage integers."""
import datetime
import decimal
import operator
from itertools import repeat

from .errors import ArrowInvalid
from .types import Decimal128Type, DurationType, Time32Type, Time64Type, TimestampType, date32, date64

__all__ = ["to_storage", "to_storage_list", "from_storage", "tzinfo_from_name"]

_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_UTC = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()
_DAY_MS = 86400000
_US = datetime.timedelta(microseconds=1)
_EXACT = decimal.Context(prec=100, Emax=999999, Emin=-999999)  # scaleb never rounds a decimal128 value
# Storage integer = microseconds * numerator // denominator for each unit.
_FROM_US = {"s": (1, 1000000), "ms": (1, 1000), "us": (1, 1), "ns": (1000, 1)}


def tzinfo_from_name(name):
    """tzinfo for an Arrow timezone string ("UTC", "+01:00", "Europe/Paris")."""
    if name.upper() in ("UTC", "Z"):
        return datetime.timezone.utc
    if name[:1] in "+-" and len(name) == 6 and name[3] == ":":
        minutes = int(name[1:3]) * 60 + int(name[4:6])
        return datetime.timezone(datetime.timedelta(minutes=-minutes if name[0] == "-" else minutes))
    try:
        import zoneinfo

        return zoneinfo.ZoneInfo(name)
    except Exception:  # no zoneinfo/tzdata: values are UTC instants, so UTC is still correct
        return datetime.timezone.utc


def _scaler(unit):
    num, den = _FROM_US[unit]
    return lambda us: us * num // den


def _timestamp_to_storage(unit):
    scale = _scaler(unit)

    def convert(value):
        if isinstance(value, int):
            return value
        epoch = _EPOCH if value.tzinfo is None else _EPOCH_UTC
        return scale((value - epoch) // _US)

    return convert


def _time_to_storage(unit):
    scale = _scaler(unit)

    def convert(value):
        if isinstance(value, int):
            return value
        return scale(((value.hour * 60 + value.minute) * 60 + value.second) * 1000000 + value.microsecond)

    return convert


def _duration_to_storage(unit):
    scale = _scaler(unit)
    return lambda value: value if isinstance(value, int) else scale(value // _US)


def _decimal_to_storage(precision, scale):
    limit = 10**precision

    def convert(value):
        if isinstance(value, int):
            unscaled = value * 10**scale
        else:
            sign, digits, exponent = decimal.Decimal(value).as_tuple()
            if not isinstance(exponent, int):
                raise ArrowInvalid("cannot store %s in a decimal128" % value)
            unscaled = int("".join(map(str, digits)) or "0")
            shift = exponent + scale
            if shift >= 0:
                unscaled *= 10**shift
            else:
                unscaled, remainder = divmod(unscaled, 10**-shift)
                if remainder:
                    raise ArrowInvalid("rescaling %s to scale %d would lose data" % (value, scale))
            unscaled = -unscaled if sign else unscaled
        if not -limit < unscaled < limit:
            raise ArrowInvalid("%s does not fit in decimal128(%d, %d)" % (value, precision, scale))
        return unscaled

    return convert


def to_storage(data_type):
    """Function mapping a non-None Python value to its storage integer, or None if identity."""
    if data_type == date32():
        return lambda v: v if isinstance(v, int) else v.toordinal() - _EPOCH_ORDINAL
    if data_type == date64():
        return lambda v: v if isinstance(v, int) else (v.toordinal() - _EPOCH_ORDINAL) * _DAY_MS
    if isinstance(data_type, TimestampType):
        return _timestamp_to_storage(data_type.unit)
    if isinstance(data_type, (Time32Type, Time64Type)):
        return _time_to_storage(data_type.unit)
    if isinstance(data_type, DurationType):
        return _duration_to_storage(data_type.unit)
    if isinstance(data_type, Decimal128Type):
        return _decimal_to_storage(data_type.precision, data_type.scale)
    return None


def _scaled(values, unit):
    """Microseconds -> storage integers of *unit* (floor division, as to_storage does)."""
    num, den = _FROM_US[unit]
    if num != 1:
        values = list(map(operator.mul, values, repeat(num)))
    if den != 1:
        values = list(map(operator.floordiv, values, repeat(den)))
    return values


def _timestamps_list(unit):
    """The whole list at C speed when it is all naive or all aware datetimes (Nones kept); None otherwise."""

    def convert(values):
        present = [v for v in values if v is not None] if None in values else values
        if present and type(present[0]) is int and all(type(v) is int for v in present):
            return values  # already storage integers
        if not present or not isinstance(present[0], datetime.datetime):
            return None
        epoch = _EPOCH if present[0].tzinfo is None else _EPOCH_UTC
        try:
            micros = list(map(_US.__rfloordiv__, map(epoch.__rsub__, present)))
        except TypeError:  # naive and aware mixed
            return None
        if any(type(m) is not int for m in micros):  # NotImplemented: ints or other types mixed in
            return None
        storage = _scaled(micros, unit)
        if present is values:
            return storage
        it = iter(storage)
        return [None if v is None else next(it) for v in values]

    return convert


def _decimals_list(precision, scale):
    """Decimal objects scaled with one C-level pass; None when a value is not a Decimal (or loses digits)."""
    limit = 10**precision
    scaleb = operator.methodcaller("scaleb", scale, _EXACT)

    def convert(values):
        present = [v for v in values if v is not None] if None in values else values
        if not all(type(v) is decimal.Decimal for v in present):
            return None
        scaled = list(map(scaleb, present))
        try:
            unscaled = list(map(int, scaled))
        except (ValueError, OverflowError):  # NaN, infinities
            return None
        if unscaled != scaled or (unscaled and not (-limit < min(unscaled) and max(unscaled) < limit)):
            return None  # digits beyond the scale, or too many digits: the per-value path says which
        if present is values:
            return unscaled
        it = iter(unscaled)
        return [None if v is None else next(it) for v in values]

    return convert


def to_storage_list(data_type):
    """Function converting a whole list (None kept) to storage integers at C speed, or None when it
    cannot; then (or when the function returns None) :func:`to_storage` converts value by value."""
    if isinstance(data_type, TimestampType):
        return _timestamps_list(data_type.unit)
    if isinstance(data_type, Decimal128Type):
        return _decimals_list(data_type.precision, data_type.scale)
    return None


def _unit_delta(unit):
    if unit == "ns":
        return lambda v: datetime.timedelta(microseconds=v // 1000)
    keyword = {"s": "seconds", "ms": "milliseconds", "us": "microseconds"}[unit]
    return lambda v: datetime.timedelta(**{keyword: v})


def _timestamp_from_storage(data_type):
    delta = _unit_delta(data_type.unit)
    if data_type.tz is None:
        return lambda v: _EPOCH + delta(v)
    tz = tzinfo_from_name(data_type.tz)
    if tz is datetime.timezone.utc:
        return lambda v: _EPOCH_UTC + delta(v)
    return lambda v: (_EPOCH_UTC + delta(v)).astimezone(tz)


def _time_from_storage(data_type):
    delta = _unit_delta(data_type.unit)
    return lambda v: (_EPOCH + delta(v)).time()


def _decimal_from_storage(scale):
    def convert(unscaled):
        digits = tuple(map(int, str(abs(unscaled))))
        return decimal.Decimal((1 if unscaled < 0 else 0, digits, -scale))

    return convert


def from_storage(data_type):
    """Function mapping a storage integer to its Python value, or None if identity."""
    if data_type == date32():
        return lambda v: datetime.date.fromordinal(v + _EPOCH_ORDINAL)
    if data_type == date64():
        return lambda v: datetime.date.fromordinal(v // _DAY_MS + _EPOCH_ORDINAL)
    if isinstance(data_type, TimestampType):
        return _timestamp_from_storage(data_type)
    if isinstance(data_type, (Time32Type, Time64Type)):
        return _time_from_storage(data_type)
    if isinstance(data_type, DurationType):
        return _unit_delta(data_type.unit)
    if isinstance(data_type, Decimal128Type):
        return _decimal_from_storage(data_type.scale)
    return None
