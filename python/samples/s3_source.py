"""``S3Source``: CSV / JSON-lines (Parquet with pyarrow) objects under an S3 prefix (boto3).

One partition per object.  Options:
  bucket        bucket name                                                  [required]
  prefix        key prefix; objects ending in "/" (folder markers) are skipped ['']
  format        csv | jsonl | parquet                 [default: from the first key's extension]
  schema        "name:type,..." (sample_kit/arrow.py); else inferred from the first
                object (CSV/JSON-lines rule in sample_kit/textformats.py)
  endpoint_url  e.g. a local moto/MinIO server
  region        AWS region                                                   [us-east-1]
  aws_access_key_id, aws_secret_access_key, aws_session_token
                explicit credentials (secrets: never shown); else boto3's default chain
  batch_size    rows per record batch                                        [10000]

Pushdown: CSV/JSON-lines as in FilesSource (projection, per-row filters, limit),
streamed without loading the object in memory.  Parquet needs pyarrow and
uses its column/filter pushdown; without pyarrow it raises ImportError.
"""
import codecs
import io

from sample_kit.arrow import parse_schema_option, project, to_arrow_schema
from sample_kit.textformats import infer_specs, read_batches

_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def _boto3_client(options):
    try:
        import boto3
    except ImportError:
        raise ImportError("S3Source needs boto3 (pip install boto3)") from None
    kwargs = {
        k: options[k]
        for k in ("endpoint_url", "aws_access_key_id", "aws_secret_access_key", "aws_session_token")
        if options.get(k)
    }
    return boto3.client("s3", region_name=options.get("region") or "us-east-1", **kwargs)


def _pyarrow_parquet():
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError(
            "format=parquet needs pyarrow, which is not installed; "
            "store the data as CSV or JSON lines, or install pyarrow"
        ) from None
    return pq


class S3Source:
    """Objects under s3://bucket/prefix."""

    def _keys(self, options):
        from botocore.exceptions import ClientError

        bucket = options.get("bucket")
        if not bucket:
            raise ValueError("option 'bucket' is required")
        client = _boto3_client(options)
        keys = []
        try:
            for page in client.get_paginator("list_objects_v2").paginate(
                Bucket=bucket, Prefix=options.get("prefix") or ""
            ):
                keys += [o["Key"] for o in page.get("Contents", []) if not o["Key"].endswith("/")]
        except ClientError as exc:
            raise RuntimeError(
                f"cannot list s3://{bucket}/{options.get('prefix') or ''}: "
                f"{exc.response['Error'].get('Code')} {exc.response['Error'].get('Message', '')}"
            ) from None
        if not keys:
            raise FileNotFoundError(f"no objects under s3://{bucket}/{options.get('prefix') or ''}")
        return client, bucket, sorted(keys)

    def _format(self, options, key):
        fmt = (options.get("format") or "").lower() or next(
            (f for ext, f in _FORMATS.items() if key.lower().endswith(ext)), None
        )
        if fmt not in ("csv", "jsonl", "parquet"):
            raise ValueError(f"option 'format': cannot tell the format of '{key}'; set csv, jsonl or parquet")
        return fmt

    def _text(self, client, bucket, key):
        return codecs.getreader("utf-8")(client.get_object(Bucket=bucket, Key=key)["Body"])

    def _parquet(self, client, bucket, key):
        pq = _pyarrow_parquet()
        return pq.ParquetFile(io.BytesIO(client.get_object(Bucket=bucket, Key=key)["Body"].read()))

    def _specs(self, options, client, bucket, fmt):
        """Schema from the option, else inferred from the first object (which needs a listing)."""
        if options.get("schema"):
            return parse_schema_option(options["schema"])
        _, _, keys = self._keys(options)
        return infer_specs(self._text(client, bucket, keys[0]), fmt)

    def infer_schema(self, options):
        client, bucket, keys = self._keys(options)
        fmt = self._format(options, keys[0])
        if fmt == "parquet" and not options.get("schema"):
            return self._parquet(client, bucket, keys[0]).schema_arrow
        return to_arrow_schema(self._specs(options, client, bucket, fmt))

    def plan_partitions(self, options, *, filters=None):
        _, bucket, keys = self._keys(options)
        return [{"index": i, "bucket": bucket, "key": key} for i, key in enumerate(keys)]

    def read_partition(self, partition_spec, options, *, columns=None, filters=None, limit=None):
        client, bucket, key = _boto3_client(options), partition_spec["bucket"], partition_spec["key"]
        fmt = self._format(options, key)
        if fmt == "parquet":
            yield from self._read_parquet(client, bucket, key, columns, filters, limit)
            return
        specs = self._specs(options, client, bucket, fmt)
        try:
            yield from read_batches(
                self._text(client, bucket, key),
                fmt,
                specs,
                project(specs, columns),
                filters,
                limit,
                int(options.get("batch_size") or 10000),
            )
        except ValueError as exc:
            raise ValueError(f"s3://{bucket}/{key}: {exc}") from None

    def _read_parquet(self, client, bucket, key, columns, filters, limit):
        pq = _pyarrow_parquet()
        table = self._parquet(client, bucket, key).read(columns=columns)
        if filters:
            table = table.filter(pq.filters_to_expression(filters))
        yield from (table if limit is None else table.slice(0, limit)).to_batches()
