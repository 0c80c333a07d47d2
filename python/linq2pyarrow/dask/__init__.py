"""Runs the partitions of a Linq2PyArrow query on a Dask cluster (``PythonSourceSettings.DaskScheduler``).

The .NET provider plans (and prunes) the partitions in its embedded Python as always, then, instead of
calling read_partition itself, starts one Dask actor per partition (:class:`PartitionStream`) carrying the
module, class, options, partition spec and the pushed columns, filters and limit.  The actor imports the
source on the worker, reads the partition on a thread of its own and sends the batches back as Arrow IPC
streams in chunks of bounded size; .NET reads those bytes in place with Apache.Arrow's IPC reader.

Deployment: the workers need ``distributed``, the source's module (install it, put it on their
PYTHONPATH, or upload a single-file module with ``PythonSourceSettings.DaskUploadFiles``) and
linq2pyarrow itself, which the driver uploads when the workers cannot import it.  ``local`` and
``local:N`` start worker processes of this machine with this process's ``sys.path``.
See docs/scale-out.md.
"""
from ._driver import DaskUnavailable, Driver, get_driver, parse_scheduler
from ._run import PartitionRun, start_partition
from ._worker import PartitionStream

__all__ = [
    "DaskUnavailable",
    "Driver",
    "PartitionRun",
    "PartitionStream",
    "describe",
    "get_driver",
    "parse_scheduler",
    "start_partition",
]


def describe(scheduler, timeout=None):
    """ "tcp://host:port (N workers)" for Explain; connects (or starts the local cluster) if needed."""
    driver = get_driver(scheduler)
    return driver.call(driver.describe(), timeout)
