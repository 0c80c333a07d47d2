"""No import cycles inside the package (issue 13 broke ``array <-> _convert <-> _numpy``, ``schema <-> types`` and
``stream <-> table``): a module's import-time imports of other linq2pyarrow modules form a DAG, so any module can be
imported first and none sees a half-initialised neighbour. Imports inside functions run later and do not count."""
import ast
import os
import unittest

PACKAGE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "linq2pyarrow")


def modules():
    """{dotted name: path} of every module of the package."""
    found = {}
    for directory, _, files in os.walk(PACKAGE_DIR):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                parts = os.path.relpath(path, os.path.dirname(PACKAGE_DIR))[:-3].split(os.sep)
                if parts[-1] == "__init__":
                    parts.pop()
                found[".".join(parts)] = path
    return found


def import_time_nodes(body):
    """Import statements run when the module body runs: not those inside functions."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for field in ("body", "orelse", "finalbody", "handlers"):
                yield from import_time_nodes(getattr(node, field, []) or [])


def dependencies(name, path, known):
    """The package modules *name* imports at import time (``from . import x`` names module x when x is one)."""
    with open(path, encoding="utf-8") as file:
        tree = ast.parse(file.read())
    is_package = path.endswith("__init__.py")
    result = set()
    for node in import_time_nodes(tree.body):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # "from package import x" imports the module package.x when there is one, else reads x from package.
            targets = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in known else prefix for a in node.names]
        result.update(t for t in targets if t in known and t != name)
    return result


def find_cycle(graph):
    state = {}

    def visit(node, path):
        state[node] = "open"
        for neighbour in sorted(graph[node]):
            if state.get(neighbour) == "open":
                return path[path.index(neighbour) :] + [neighbour]
            if neighbour not in state:
                cycle = visit(neighbour, path + [neighbour])
                if cycle:
                    return cycle
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node, [node])
            if cycle:
                return cycle
    return None


class ImportGraph(unittest.TestCase):
    def test_the_package_has_no_import_cycles(self):
        known = modules()
        graph = {name: dependencies(name, path, known) for name, path in known.items()}
        self.assertIn("linq2pyarrow.arrow._convert", graph["linq2pyarrow.arrow.builders"])  # the graph is real
        self.assertIsNone(find_cycle(graph))

    def test_a_cycle_is_found(self):
        self.assertEqual(find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}), ["a", "b", "c", "a"])


if __name__ == "__main__":
    unittest.main()
