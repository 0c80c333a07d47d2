"""``pip install`` of the companion package from the repository into a fresh virtual environment, offline."""
import contextlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Offline: the venv sees this interpreter's site-packages (Debian: python3-setuptools, python3-wheel), and pip
# builds with them instead of downloading a build backend.
_BUILD_TOOLS = [name for name in ("setuptools", "wheel", "pip", "venv") if importlib.util.find_spec(name) is None]

# What an installed copy must do, run with -I (no PYTHONPATH, no current directory) from outside the repository.
USAGE = textwrap.dedent(
    """
    import os, sqlite3, sys, tempfile
    import linq2pyarrow
    from linq2pyarrow import arrow as pa
    from linq2pyarrow.jdbc import read_jdbc
    package = os.path.dirname(linq2pyarrow.__file__)
    assert package.startswith(sys.prefix), package
    assert os.path.isfile(os.path.join(package, "py.typed"))
    path = os.path.join(tempfile.mkdtemp(), "cities.sqlite")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cities (name TEXT, population INTEGER)")
    conn.executemany("INSERT INTO cities VALUES (?, ?)", [("Zürich", 421878), ("Oslo", 709037)])
    conn.commit()
    conn.close()
    rows = read_jdbc("jdbc:sqlite:" + path, "cities", filters=[("population", ">", 500000)]).to_pylist()
    batch = pa.RecordBatch.from_pydict({"x": [1, None]})
    schema_capsule, array_capsule = batch.__arrow_c_array__()
    print(linq2pyarrow.__version__, rows, batch.num_rows, type(array_capsule).__name__)
    """
)


@contextlib.contextmanager
def installed(source_dir, python=sys.executable):
    """Fresh venv with ``pip install --no-index --no-build-isolation source_dir``; yields (venv python, work dir)."""
    work = tempfile.mkdtemp(prefix="l2pa-pip-")
    try:
        venv = os.path.join(work, "venv")
        subprocess.run([python, "-m", "venv", "--system-site-packages", venv], check=True, capture_output=True)
        venv_python = os.path.join(venv, "bin", "python")
        done = subprocess.run(
            [venv_python, "-m", "pip", "install", "--no-index", "--no-build-isolation", source_dir],
            env=_environment(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise AssertionError(f"pip install failed:\n{done.stdout}\n{done.stderr}")
        yield venv_python, work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _environment():
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}


def install_and_run(source_dir, python=sys.executable):
    """Fresh venv, ``pip install --no-index --no-build-isolation source_dir``, run USAGE; returns its output."""
    with installed(source_dir, python) as (venv_python, work):
        done = subprocess.run(
            [venv_python, "-I", "-c", USAGE], env=_environment(), cwd=work, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise AssertionError(f"the installed package failed:\n{done.stderr}")
        return done.stdout.strip()


# A typed consumer of the installed copy: mypy must see the package's hints through py.typed (PEP 561), so the
# lines marked "error" are reported with the types the hints declare, and nothing else is.
TYPED_CONSUMER = textwrap.dedent(
    """
    from linq2pyarrow import arrow as pa
    from linq2pyarrow.filters import filter_batch, normalize_filters, row_matches
    from linq2pyarrow.protocol import Source
    from linq2pyarrow.secret_names import is_secret_key

    schema = pa.schema([pa.field("id", pa.int64()), ("name", "string")])
    batch = pa.RecordBatch.from_pydict({"id": [1, 2], "name": ["a", None]}, schema=schema)
    kept = filter_batch(batch, [[("id", ">", 1)]])
    rows: int = batch.num_rows + len(batch.column("id")) + schema.get_field_index("id")
    names: list = schema.names + batch.column_names
    matched: bool = row_matches({"id": 1}, normalize_filters([("id", "==", 1)])) and is_secret_key("apiKey")
    table = pa.Table.from_batches([batch]).select(["id"])
    reader = pa.RecordBatchReader.from_batches(schema, [batch])
    wrong_index: str = schema.get_field_index("id")  # error
    wrong_batch: pa.Table = batch.select(["id"])  # error
    wrong_mask: int = is_secret_key("x")  # allowed: bool is an int
    wrong_field: pa.Schema = pa.field("x", pa.int64())  # error
    """
)


def copy_project(destination):
    """The files pip needs (what an sdist holds), so the build never writes into the repository."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(os.path.join(PYTHON_DIR, name), destination)
    shutil.copytree(
        os.path.join(PYTHON_DIR, "linq2pyarrow"),
        os.path.join(destination, "linq2pyarrow"),
        ignore=shutil.ignore_patterns("__pycache__"),
    )


@unittest.skipIf(
    _BUILD_TOOLS,
    f"this Python lacks {', '.join(_BUILD_TOOLS)} for an offline pip install "
    "(Debian: python3-venv python3-setuptools python3-wheel)",
)
class PipInstall(unittest.TestCase):
    def test_install_from_the_repository(self):
        with tempfile.TemporaryDirectory() as project:
            copy_project(project)
            output = install_and_run(project)
        self.assertEqual(output, "0.1.0 [{'name': 'Oslo', 'population': 709037}] 2 PyCapsule")

    @unittest.skipIf(shutil.which("mypy") is None, "mypy is not installed (Debian: mypy)")
    def test_type_checkers_see_the_hints_of_the_installed_package(self):
        with tempfile.TemporaryDirectory() as project:
            copy_project(project)
            with installed(project) as (venv_python, work):
                consumer = os.path.join(work, "consumer.py")
                with open(consumer, "w", encoding="utf-8") as file:
                    file.write(TYPED_CONSUMER)
                done = subprocess.run(
                    ["mypy", "--python-executable", venv_python, "--no-incremental", "--strict-optional", consumer],
                    env=_environment(),
                    cwd=work,
                    capture_output=True,
                    text=True,
                    timeout=300,
                )
        errors = [line.split(": error: ", 1)[1] for line in done.stdout.splitlines() if ": error: " in line]
        self.assertEqual(
            errors,
            [
                'Incompatible types in assignment (expression has type "int", variable has type "str")  [assignment]',
                'Incompatible types in assignment (expression has type "RecordBatch", variable has type "Table")  '
                "[assignment]",
                'Incompatible types in assignment (expression has type "Field", variable has type "Schema")  '
                "[assignment]",
            ],
            done.stdout + done.stderr,
        )


if __name__ == "__main__":
    unittest.main()
