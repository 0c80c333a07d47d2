"""``FilesSource``: a directory of CSV or JSON-lines files, one partition per file.

Options:
  path        directory (or a single file) to read                        [required]
  format      csv | jsonl                           [default: from the files' extension]
  schema      "name:type,..." (see sample_kit/arrow.py); when absent the schema is
              inferred from the first file (sorted by name), rule in sample_kit/textformats.py
  batch_size  rows per record batch                                          [10000]

Pushdown: ``columns`` -> only those columns (plus filter columns) are converted;
``filters`` -> evaluated per row after conversion (cheap, no index);
``limit`` -> stops reading the file once enough rows matched.
"""
import os

from sample_kit.arrow import parse_schema_option, project, to_arrow_schema
from sample_kit.textformats import infer_specs, read_batches

_EXTENSIONS = {"csv": (".csv",), "jsonl": (".jsonl", ".ndjson", ".json")}


class FilesSource:
    """CSV / JSON-lines files in a directory."""

    def _settings(self, options):
        path = options.get("path")
        if not path:
            raise ValueError("option 'path' is required: a directory of .csv or .jsonl files")
        if not os.path.exists(path):
            raise FileNotFoundError(f"option 'path': '{path}' does not exist")
        fmt = (options.get("format") or "").lower()
        if fmt and fmt not in _EXTENSIONS:
            raise ValueError(f"option 'format' must be csv or jsonl, got '{fmt}'")
        single = os.path.isfile(path)
        candidates = [path] if single else [os.path.join(path, n) for n in sorted(os.listdir(path))]
        if not fmt:  # the first file with a known extension decides
            fmt = next((f for c in candidates for f, exts in _EXTENSIONS.items() if c.lower().endswith(exts)), None)
            if fmt is None:
                raise ValueError(f"option 'format': no .csv/.jsonl files in '{path}'; set format=csv or jsonl")
        files = candidates if single else [c for c in candidates if c.lower().endswith(_EXTENSIONS[fmt])]
        if not files:
            raise FileNotFoundError(f"option 'path': no {fmt} files in '{path}'")
        return fmt, files

    def _specs(self, options, fmt, files):
        if options.get("schema"):
            return parse_schema_option(options["schema"])
        with open(files[0], newline="", encoding="utf-8") as stream:
            return infer_specs(stream, fmt)

    def infer_schema(self, options):
        fmt, files = self._settings(options)
        return to_arrow_schema(self._specs(options, fmt, files))

    def plan_partitions(self, options, *, filters=None):
        # No file-level statistics to prune with: every file is a partition.
        _, files = self._settings(options)
        return [{"index": i, "file": f} for i, f in enumerate(files)]

    def read_partition(self, partition_spec, options, *, columns=None, filters=None, limit=None):
        fmt, files = self._settings(options)
        specs = self._specs(options, fmt, files)
        path = partition_spec["file"]
        batch_size = int(options.get("batch_size") or 10000)
        with open(path, newline="", encoding="utf-8") as stream:
            try:
                yield from read_batches(stream, fmt, specs, project(specs, columns), filters, limit, batch_size)
            except ValueError as exc:
                raise ValueError(f"{path}: {exc}") from None
