"""Which Python a local Dask cluster's worker processes run: this process's own installation, even when an
embedding host (Python.NET) left sys.executable at another interpreter found on PATH."""
import os
import subprocess
import sys
import tempfile
import unittest

from linq2pyarrow.dask._driver import interpreter_for_workers


class WorkersInterpreterTests(unittest.TestCase):
    def test_this_process_executable_is_kept(self):
        self.assertIsNone(interpreter_for_workers(sys.executable, sys.prefix, sys.base_prefix, sys.version_info))

    def test_an_executable_of_another_installation_is_replaced_by_one_of_this_installation(self):
        with tempfile.TemporaryDirectory() as other:
            foreign = os.path.join(other, "shims", "python3")  # a pyenv shim, another installation's python3
            chosen = interpreter_for_workers(foreign, sys.prefix, sys.base_prefix, sys.version_info)
        self.assertIsNotNone(chosen)
        # A real interpreter of this very installation: same version, same standard library.
        probe = "import sys, os; print(sys.version_info[:2], os.__file__)"
        output = subprocess.run([chosen, "-c", probe], capture_output=True, text=True, check=True, timeout=60).stdout
        self.assertEqual("%s %s" % (tuple(sys.version_info[:2]), os.__file__), output.strip())

    def test_a_virtual_environment_s_own_python_is_kept(self):
        layout = {"/venv/bin/python": "/usr/bin/python3.11"}
        chosen = interpreter_for_workers(
            "/venv/bin/python", "/venv", "/usr", (3, 11), exists=lambda p: True, realpath=lambda p: layout.get(p, p)
        )
        self.assertIsNone(chosen)

    def test_the_candidates_are_tried_in_order_and_none_found_keeps_the_executable(self):
        present = {"/usr/bin/python3"}
        chosen = interpreter_for_workers(
            "/root/.pyenv/shims/python3", "/usr", "/usr", (3, 11), exists=present.__contains__, realpath=lambda p: p
        )
        self.assertEqual("/usr/bin/python3", chosen)
        self.assertIsNone(
            interpreter_for_workers(
                "/elsewhere/python3", "/usr", "/usr", (3, 11), exists=lambda p: False, realpath=lambda p: p
            )
        )


if __name__ == "__main__":
    unittest.main()
