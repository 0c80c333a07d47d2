"""numpy masks: each term compared vectorised, with the exact answer of the row evaluator (else None: Python decides)."""
import datetime
import operator
import sys
from typing import Any, Optional

from ._dnf import NEGATIONS
from ._rows import is_nan

__all__ = ["numpy_module", "is_ndarray", "numpy_term"]

_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def numpy_module() -> Any:
    """numpy if something already imported it (this package never imports it itself), else None."""
    return sys.modules.get("numpy")


def is_ndarray(values: Any) -> bool:
    ndarray = getattr(numpy_module(), "ndarray", None)
    return ndarray is not None and isinstance(values, ndarray)


def _numpy_operand(np: Any, dtype: Any, operand: Any) -> Any:
    """The operand as numpy compares it with *dtype*, or None when only the Python path is exact."""
    kind = dtype.kind
    if isinstance(operand, bool):
        return operand if kind == "b" else None
    if kind in "iuf":
        if isinstance(operand, (int, float)) and not isinstance(operand, bool):
            if isinstance(operand, int) and kind in "iu":
                limits = np.iinfo(dtype)
                if not limits.min <= operand <= limits.max:
                    return None  # outside the column type's range: let Python compare exactly
            return operand
        return None
    if kind == "M":
        if isinstance(operand, datetime.datetime):
            if operand.tzinfo is not None:
                operand = operand.astimezone(datetime.timezone.utc).replace(tzinfo=None)
            return np.datetime64(operand, "us")
        if isinstance(operand, datetime.date):
            return np.datetime64(operand, "D")
        return None
    if kind == "m":
        return np.timedelta64(operand, "us") if isinstance(operand, datetime.timedelta) else None
    if kind == "U":
        return operand if isinstance(operand, str) else None
    if kind == "S":
        return operand if isinstance(operand, bytes) else None
    return None


def numpy_term(np: Any, values: Any, op: str, operand: Any) -> Optional[Any]:
    """Bool ndarray, or None when numpy cannot give the exact answer (then the Python path runs)."""
    nulls = None
    if isinstance(values, np.ma.MaskedArray):
        nulls = np.ma.getmaskarray(values)
        values = values.data
    if values.dtype.kind not in "biufMmUS" or values.ndim != 1:
        return None
    if op in ("in", "not in"):
        converted = [_numpy_operand(np, values.dtype, v) for v in operand]
        if any(c is None for c in converted):
            return None
        mask = np.isin(values, np.array(converted)) if converted else np.zeros(len(values), dtype=bool)
        if values.dtype.kind == "f" and any(is_nan(v) for v in operand):
            mask |= np.isnan(values)  # .NET's Contains finds NaN
        if op == "not in":
            mask = ~mask
    else:
        converted = _numpy_operand(np, values.dtype, operand)
        if converted is None:
            return None
        try:
            mask = np.asarray(_COMPARE[op](values, converted), dtype=bool)
        except (TypeError, OverflowError):
            return None
    if nulls is not None and nulls.any():
        mask = np.where(nulls, op in NEGATIONS, mask)
    return mask


# ---- combining --------------------------------------------------------------------------------------------
