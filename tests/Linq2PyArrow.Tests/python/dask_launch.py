"""Runs a Dask scheduler or worker for the .NET tests: ``python dask_launch.py scheduler|worker <dask CLI args>``.

The process exits as soon as its stdin closes, so a test run that dies (or forgets to stop its cluster) leaves no
scheduler or worker behind: the test process holds the other end of the pipe.
"""
import os
import runpy
import sys
import threading


def _exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(1):
            pass
    finally:
        os._exit(0)


threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
_MODULES = {"scheduler": "distributed.cli.dask_scheduler", "worker": "distributed.cli.dask_worker"}
module = _MODULES[sys.argv[1]]
sys.argv = [module] + sys.argv[2:]
runpy.run_module(module, run_name="__main__", alter_sys=True)
