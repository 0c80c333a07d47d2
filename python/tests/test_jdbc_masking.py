"""Credential masking, and no secret in any message across the option/URL/connect error paths."""
import os
import tempfile
import unittest

from linq2pyarrow.jdbc import JDBCArrowDataSource, JDBCError
from linq2pyarrow.jdbc.masking import mask_options, mask_url, redact

SECRET = "Zq9-secret/@:pw"


class Masking(unittest.TestCase):
    def test_mask_url_userinfo_and_query(self):
        self.assertEqual(mask_url("postgresql://bob:hunter2@h:5/db"), "postgresql://bob:***@h:5/db")
        self.assertEqual(mask_url("jdbc:postgresql://bob:p@ss@h/db"), "jdbc:postgresql://bob:***@h/db")
        self.assertEqual(
            mask_url("jdbc:postgresql://h/db?user=bob&password=x&apiKey=y&sslmode=require"),
            "jdbc:postgresql://h/db?user=bob&password=***&apiKey=***&sslmode=require",
        )
        self.assertEqual(mask_url("jdbc:postgresql://h:5432/db"), "jdbc:postgresql://h:5432/db")
        self.assertEqual(mask_url("jdbc:sqlite:/tmp/a.db"), "jdbc:sqlite:/tmp/a.db")

    def test_mask_options(self):
        masked = mask_options(
            {
                "url": "postgresql://u:pw1@h/d",
                "password": "pw2",
                "aws_secret_access_key": "k",
                "Token": "t",
                "credentialsFile": "c",
                "dbtable": "t1",
                "user": "u",
            }
        )
        self.assertEqual(
            masked,
            {
                "url": "postgresql://u:***@h/d",
                "password": "***",
                "aws_secret_access_key": "***",
                "Token": "***",
                "credentialsFile": "***",
                "dbtable": "t1",
                "user": "u",
            },
        )

    def test_redact_plain_and_percent_encoded(self):
        text = f"dsn=postgresql://u:{SECRET}@h and postgresql://u:Zq9-secret%2F%40%3Apw@h"
        self.assertNotIn("Zq9", redact(text, [SECRET]))
        self.assertEqual(redact("nothing here", [None, ""]), "nothing here")


class NoSecretInErrors(unittest.TestCase):
    """Every error path that sees a password must keep it out of the message."""

    def assertNoSecret(self, options, call):
        source = JDBCArrowDataSource()
        with self.assertRaises(JDBCError) as ctx:
            call(source, options)
        for text in (str(ctx.exception), repr(ctx.exception)):
            self.assertNotIn(SECRET, text)
            self.assertNotIn("Zq9", text)
        self.assertIsNone(ctx.exception.__cause__)  # the driver exception could echo the DSN
        return str(ctx.exception)

    def each_call(self):
        return [
            lambda s, o: s.infer_schema(o),
            lambda s, o: s.plan_partitions(o),
            lambda s, o: list(s.read_partition({"index": 0}, o)),
        ]

    def test_bad_urls_and_options(self):
        cases = [
            {"url": f"jdbc:postgresql://u:{SECRET}@h:notaport/db", "dbtable": "t"},
            {"url": f"mysql://u:{SECRET}@h/db", "dbtable": "t"},
            {"url": f"jdbc:postgresql://h/db?password={SECRET}&bogus=1", "dbtable": "t"},
            {"url": "jdbc:postgresql://h/db", "password": SECRET},  # no dbtable/query
            {"url": "jdbc:postgresql://h/db", "password": SECRET, "dbtable": "t", "partitionColumn": "id"},
            {"url": "jdbc:postgresql://h/db", "password": SECRET, "dbtable": "t; drop table x"},
        ]
        for options in cases:
            for call in self.each_call():
                with self.subTest(options=options):
                    self.assertNoSecret(options, call)

    def test_connection_refused(self):
        # Port 1 on loopback: nothing listens there, so psycopg2 fails fast.
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            self.skipTest("psycopg2 not importable: PostgreSQL connection error path not exercised")
        options = {"url": f"postgresql://u:{SECRET}@127.0.0.1:1/db", "dbtable": "t"}
        for call in self.each_call()[::2]:
            message = self.assertNoSecret(options, call)
            self.assertIn("127.0.0.1:1", message)

    def test_sqlite_missing_file(self):
        path = os.path.join(tempfile.gettempdir(), "l2pa-does-not-exist.db")
        message = self.assertNoSecret(
            {"url": f"jdbc:sqlite:{path}", "dbtable": "t", "password": SECRET}, lambda s, o: s.infer_schema(o)
        )
        self.assertIn("does not exist", message)


if __name__ == "__main__":
    unittest.main()
