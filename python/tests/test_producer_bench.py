"""The builder benchmark (python/benchmarks/producer_bench.py, the rows/s table of docs/benchmarks.md) still runs,
and its builders build the right values: ``--smoke`` runs every case once on a few rows and checks each result."""
import os
import subprocess
import sys
import unittest

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(PYTHON_DIR, "benchmarks", "producer_bench.py")


class ProducerBenchSmoke(unittest.TestCase):
    def test_every_case_runs_and_builds_the_right_values(self):
        env = dict(os.environ, PYTHONPATH=PYTHON_DIR)
        done = subprocess.run([sys.executable, SCRIPT, "--smoke"], env=env, capture_output=True, text=True, timeout=300)
        self.assertEqual(done.returncode, 0, done.stderr)
        rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "---" not in line][1:]
        self.assertEqual(len(rows), 13, done.stdout)
        for row in rows:
            cells = [cell.strip() for cell in row.strip("|").split("|")]
            self.assertGreater(float(cells[2]), 0, row)  # pure-Python M rows/s
            if cells[3]:
                self.assertGreater(float(cells[4]), 0, row)  # numpy M rows/s, where numpy is installed


if __name__ == "__main__":
    unittest.main()
