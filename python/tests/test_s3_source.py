"""S3Source against moto's ThreadedMotoServer on 127.0.0.1 (pyenv 3.11.7 has boto3 + moto)."""
import datetime as dt
import logging
import os
import unittest
from unittest import mock

try:
    import boto3
    from moto.server import ThreadedMotoServer
except ImportError:
    boto3 = None

from s3_source import S3Source

# moto accepts any credentials; set them explicitly so no real AWS config is read.
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing-secret-XYZ", "region": "us-east-1"}


@unittest.skipUnless(boto3, "boto3/moto not importable: S3 test skipped (run with ~/.pyenv/versions/3.11.7/bin/python)")
class S3SourceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = mock.patch.dict(
            os.environ, {"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
        )
        cls.env.start()
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto logs every request otherwise
        cls.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        cls.server.start()
        host, port = cls.server.get_host_and_port()
        cls.endpoint = f"http://{host}:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=cls.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing-secret-XYZ",
        )
        client.create_bucket(Bucket="l2pa-data")
        client.put_object(Bucket="l2pa-data", Key="sales/", Body=b"")  # folder marker, skipped
        client.put_object(
            Bucket="l2pa-data",
            Key="sales/2024-01.csv",
            Body="id,city,amount,day\n1,Zürich,10.5,2024-01-05\n2,東京,,2024-01-06\n".encode(),
        )
        client.put_object(
            Bucket="l2pa-data", Key="sales/2024-02.csv", Body=b"id,city,amount,day\n3,Oslo,7,2024-02-01\n"
        )
        client.put_object(Bucket="l2pa-data", Key="events/a.jsonl", Body=b'{"id": 1, "kind": "x"}\n{"id": 2}\n')
        client.put_object(Bucket="l2pa-data", Key="events/b.parquet", Body=b"PAR1 not really")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.env.stop()

    def options(self, **extra):
        defaults = {"bucket": "l2pa-data", "prefix": "sales/", "endpoint_url": self.endpoint}
        return dict(CREDENTIALS, **dict(defaults, **extra))

    def test_partition_per_object_and_inferred_schema(self):
        source = S3Source()
        specs = source.plan_partitions(self.options())
        self.assertEqual([s["key"] for s in specs], ["sales/2024-01.csv", "sales/2024-02.csv"])
        schema = source.infer_schema(self.options())
        self.assertEqual(schema.names, ["id", "city", "amount", "day"])
        rows = [r for s in specs for b in source.read_partition(s, self.options()) for r in b.to_pylist()]
        self.assertEqual(
            rows,
            [
                {"id": 1, "city": "Zürich", "amount": 10.5, "day": dt.date(2024, 1, 5)},
                {"id": 2, "city": "東京", "amount": None, "day": dt.date(2024, 1, 6)},
                {"id": 3, "city": "Oslo", "amount": 7.0, "day": dt.date(2024, 2, 1)},
            ],
        )

    def test_pushdown_with_schema_option(self):
        source = S3Source()
        options = self.options(schema="id:int32,city:string,amount:float64,day:date32")
        spec = {"index": 0, "bucket": "l2pa-data", "key": "sales/2024-01.csv"}
        rows = [
            r
            for b in source.read_partition(spec, options, columns=["city"], filters=[("amount", ">", 1)])
            for r in b.to_pylist()
        ]
        self.assertEqual(rows, [{"city": "Zürich"}])
        limited = [r for b in source.read_partition(spec, options, columns=["id"], limit=1) for r in b.to_pylist()]
        self.assertEqual(limited, [{"id": 1}])

    def test_jsonl(self):
        source = S3Source()
        options = self.options(prefix="events/a")
        self.assertEqual(source.infer_schema(options).names, ["id", "kind"])
        (spec,) = source.plan_partitions(options)
        self.assertEqual(
            [r for b in source.read_partition(spec, options) for r in b.to_pylist()],
            [{"id": 1, "kind": "x"}, {"id": 2, "kind": None}],
        )

    def test_parquet_without_pyarrow_is_a_clear_error(self):
        try:
            import pyarrow  # noqa: F401

            self.skipTest("pyarrow installed: the no-pyarrow error path does not apply")
        except ImportError:
            pass
        with self.assertRaises(ImportError) as ctx:
            S3Source().infer_schema(self.options(prefix="events/b"))
        self.assertIn("format=parquet needs pyarrow", str(ctx.exception))

    def test_errors_name_bucket_without_secrets(self):
        with self.assertRaises(RuntimeError) as ctx:
            S3Source().plan_partitions(self.options(bucket="l2pa-missing"))
        self.assertIn("s3://l2pa-missing/sales/", str(ctx.exception))
        self.assertIn("NoSuchBucket", str(ctx.exception))
        self.assertNotIn("testing-secret-XYZ", str(ctx.exception))
        with self.assertRaises(FileNotFoundError):
            S3Source().plan_partitions(self.options(prefix="nothing-here/"))


if __name__ == "__main__":
    unittest.main()
