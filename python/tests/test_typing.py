"""The public API's type hints resolve at run time on every supported Python (3.9 has no ``X | Y``, no ``list[int]``
outside ``from __future__ import annotations``): ``typing.get_type_hints`` is what dataclass-, pydantic- and
IDE-style tools call, and it evaluates the annotations. mypy (build.sh) checks that they are there and agree."""
import inspect
import typing
import unittest

import linq2pyarrow
from linq2pyarrow import arrow, filters, protocol, secret_names

PUBLIC_MODULES = (linq2pyarrow, protocol, filters, arrow, secret_names)


def public_callables():
    """(qualified name, function) for every public function, and every public method of every public class."""
    seen = set()
    for module in PUBLIC_MODULES:
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value):
                if value in seen:
                    continue
                seen.add(value)
                members = [(f"{value.__qualname__}.{n}", m) for n, m in vars(value).items() if _public_member(n)]
                for qualified, member in members:
                    function = _function_of(member)
                    if function is not None and function.__module__.startswith("linq2pyarrow"):
                        yield f"{value.__module__}.{qualified}", function
            elif inspect.isfunction(value) and id(value) not in seen:
                seen.add(id(value))
                yield f"{module.__name__}.{name}", value


def _public_member(name):
    return not name.startswith("_") or name in ("__init__", "__getitem__", "__arrow_c_array__", "__arrow_c_stream__")


def _function_of(member):
    if isinstance(member, (staticmethod, classmethod)):
        return member.__func__
    if isinstance(member, property):
        return member.fget
    return member if inspect.isfunction(member) else None


class PublicTypeHints(unittest.TestCase):
    def test_every_public_function_and_method_has_resolvable_hints(self):
        checked = 0
        for qualified, function in public_callables():
            with self.subTest(qualified):
                hints = typing.get_type_hints(function)
                self.assertIn("return", hints, f"{qualified} has no return annotation")
                parameters = [
                    p
                    for p in inspect.signature(function).parameters.values()
                    if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                ]
                missing = [p.name for p in parameters if p.name not in hints]
                self.assertEqual(missing, [], f"{qualified}: parameters without a type hint")
                checked += 1
        self.assertGreater(checked, 100)  # the arrow producer, filters and protocol: not a vacuous loop

    def test_hints_name_the_real_types(self):
        hints = typing.get_type_hints(arrow.schema)
        self.assertIs(hints["return"], arrow.Schema)
        self.assertIs(typing.get_type_hints(arrow.RecordBatch.select)["return"], arrow.RecordBatch)
        self.assertIs(typing.get_type_hints(arrow.Table.column)["return"], arrow.ChunkedArray)
        self.assertIs(typing.get_type_hints(arrow.int64)["return"], arrow.DataType)
        self.assertEqual(typing.get_type_hints(filters.normalize_filters)["return"], filters.Filters)
        self.assertIs(typing.get_type_hints(secret_names.is_secret_key)["return"], bool)


if __name__ == "__main__":
    unittest.main()
