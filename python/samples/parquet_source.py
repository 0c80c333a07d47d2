"""``ParquetSource``: Parquet files through ``pyarrow.dataset`` (needs pyarrow).

Options:
  path        a Parquet file or a directory of them (hive partitioning is
              not assumed)                                                   [required]
  batch_size  maximum rows per record batch                                 [65536]

One partition per file.  Pushdown is pyarrow's own: ``columns`` -> column
projection, ``filters`` -> ``pyarrow.parquet.filters_to_expression`` (row-group
statistics pruning + exact filtering), ``limit`` -> stops after enough rows.

pyarrow is imported inside the methods, so this module imports without it;
using the source without pyarrow raises ImportError with the fix.
"""


def _pyarrow():
    try:
        import pyarrow.dataset as ds
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError(
            "ParquetSource needs pyarrow (pip install pyarrow); " "without it use FilesSource with CSV or JSON lines"
        ) from None
    return ds, pq


def _dataset(options):
    ds, _ = _pyarrow()
    path = options.get("path")
    if not path:
        raise ValueError("option 'path' is required: a Parquet file or directory")
    return ds.dataset(path, format="parquet")


class ParquetSource:
    """Parquet via pyarrow.dataset."""

    def infer_schema(self, options):
        return _dataset(options).schema

    def plan_partitions(self, options, *, filters=None):
        return [{"index": i, "file": f} for i, f in enumerate(sorted(_dataset(options).files))]

    def read_partition(self, partition_spec, options, *, columns=None, filters=None, limit=None):
        ds, pq = _pyarrow()
        fragment = ds.dataset(partition_spec["file"], format="parquet", schema=_dataset(options).schema)
        expression = pq.filters_to_expression(filters) if filters else None
        remaining = limit
        for batch in fragment.to_batches(
            columns=columns, filter=expression, batch_size=int(options.get("batch_size") or 65536)
        ):
            if remaining is not None:
                if remaining <= 0:
                    return
                batch = batch.slice(0, remaining)
                remaining -= batch.num_rows
            yield batch
