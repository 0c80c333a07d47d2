"""``pip install`` of the companion package from the repository into a fresh virtual environment, offline."""
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


def install_and_run(source_dir, python=sys.executable):
    """Fresh venv, ``pip install --no-index --no-build-isolation source_dir``, run USAGE; returns its output."""
    work = tempfile.mkdtemp(prefix="l2pa-pip-")
    try:
        venv = os.path.join(work, "venv")
        subprocess.run([python, "-m", "venv", "--system-site-packages", venv], check=True, capture_output=True)
        venv_python = os.path.join(venv, "bin", "python")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        done = subprocess.run(
            [venv_python, "-m", "pip", "install", "--no-index", "--no-build-isolation", source_dir],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise AssertionError(f"pip install failed:\n{done.stdout}\n{done.stderr}")
        done = subprocess.run(
            [venv_python, "-I", "-c", USAGE], env=env, cwd=work, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise AssertionError(f"the installed package failed:\n{done.stderr}")
        return done.stdout.strip()
    finally:
        shutil.rmtree(work, ignore_errors=True)


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


if __name__ == "__main__":
    unittest.main()
