"""Helpers the .NET provider runs inside the embedded interpreter (embedded in Linq2PyArrow.dll).

They do the protocol checks that are simplest in Python: signature inspection, validation of partition
plans, and the exception used to interrupt a cancelled worker.
"""
import inspect
import math

_P = inspect.Parameter

PROTOCOL = {
    "infer_schema": ("options",),
    "plan_partitions": ("options",),
    "read_partition": ("partition_spec", "options"),
}
HINTS = {"infer_schema": (), "plan_partitions": ("filters",), "read_partition": ("columns", "filters", "limit")}


class QueryCancelled(BaseException):
    """Raised asynchronously in a worker that runs Python code for a query that was cancelled."""


def _type(value):
    t = type(value)
    return t.__qualname__ if t.__module__ in ("builtins", "__main__") else f"{t.__module__}.{t.__qualname__}"


def inspect_source(instance):
    """Checks the three protocol methods; returns {"problems": [...], "accepted": {method: [...] or "*"}}."""
    problems, accepted = [], {}
    for name, arguments in PROTOCOL.items():
        method = getattr(instance, name, None)
        if method is None:
            problems.append(f"it has no method {name}({', '.join(arguments)})")
            continue
        if not callable(method):
            problems.append(f"its attribute '{name}' is a '{_type(method)}', not a method")
            continue
        try:
            signature = inspect.signature(method)
        except (TypeError, ValueError):
            accepted[name] = []  # a builtin or C callable: call it positionally, without hints
            continue
        params = list(signature.parameters.values())
        positional = [p for p in params if p.kind in (_P.POSITIONAL_ONLY, _P.POSITIONAL_OR_KEYWORD)]
        required = [p for p in positional if p.default is _P.empty]
        varargs = any(p.kind == _P.VAR_POSITIONAL for p in params)
        varkw = any(p.kind == _P.VAR_KEYWORD for p in params)
        hints = HINTS[name]
        missing_kw = [
            p.name for p in params if p.kind == _P.KEYWORD_ONLY and p.default is _P.empty and p.name not in hints
        ]
        wanted = len(arguments)
        if len(required) > wanted or (len(positional) < wanted and not varargs) or missing_kw:
            problems.append(
                f"{name}{signature} does not fit the protocol, which calls it as {name}({', '.join(arguments)}"
                + (", *, " + ", ".join(f"{h}=..." for h in hints) if hints else "")
                + ")"
            )
            continue
        if varkw:
            accepted[name] = "*"
        else:
            keyword_ok = (_P.POSITIONAL_OR_KEYWORD, _P.KEYWORD_ONLY)
            accepted[name] = [
                h for h in hints if h in signature.parameters and signature.parameters[h].kind in keyword_ok
            ]
    return {"problems": problems, "accepted": accepted}


def check_partitions(result):
    """None when `result` is a list of dicts with JSON-like values, else what is wrong."""
    if not isinstance(result, (list, tuple)):
        return f"it returned a '{_type(result)}'; it must return a list of dicts with JSON-like values"
    for index, item in enumerate(result):
        if not isinstance(item, dict):
            return f"item {index} of the returned list is a '{_type(item)}'; every partition spec must be a dict"
        problem = _json_problem(item, f"item {index}")
        if problem:
            return problem
    return None


def _json_problem(value, path):
    if value is None or isinstance(value, (str, bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{path} is {value!r}, which JSON cannot represent"
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path} has a key of type '{_type(key)}'; keys must be str"
            problem = _json_problem(item, f"{path}[{key!r}]")
            if problem:
                return problem
        return None
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            problem = _json_problem(item, f"{path}[{index}]")
            if problem:
                return problem
        return None
    return f"{path} is a '{_type(value)}', which is not JSON-like (str, int, float, bool, None, list or dict)"


class ArrowObjectSource:
    """Arrow data a host holds (anything with __arrow_c_stream__ or __arrow_c_array__) as a one-partition source.

    ``pending`` is a stream capsule .NET already exported from ``data`` to read its schema: the first read hands it on
    (a one-shot stream such as a RecordBatchReader can be exported only once); later reads export ``data`` again.
    """

    def __init__(self, data, pending=None):
        self._data = data
        self._pending = pending

    def infer_schema(self, options):
        raise NotImplementedError("the schema of Arrow data is read by .NET")

    def plan_partitions(self, options):
        return [{}]

    def read_partition(self, partition_spec, options):
        pending, self._pending = self._pending, None
        return self._data if pending is None else _ExportedStream(pending)


class _ExportedStream:
    """A stream capsule exported earlier, handed over once."""

    def __init__(self, capsule):
        self._capsule = capsule

    def __arrow_c_stream__(self, requested_schema=None):
        capsule, self._capsule = self._capsule, None
        if capsule is None:
            raise RuntimeError("this Arrow stream was already read")
        return capsule
