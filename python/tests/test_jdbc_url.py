import unittest

from linq2pyarrow.jdbc.errors import JDBCOptionError
from linq2pyarrow.jdbc.url import parse_url


class GoodUrls(unittest.TestCase):
    def test_jdbc_postgres_with_params(self):
        u = parse_url("jdbc:postgresql://db.example:6543/sales?user=bob&password=s%40cret&sslmode=require")
        self.assertEqual((u.dialect, u.host, u.port, u.database), ("postgresql", "db.example", 6543, "sales"))
        self.assertEqual((u.user, u.password), ("bob", "s@cret"))
        self.assertEqual(u.params, {"sslmode": "require"})

    def test_jdbc_postgres_defaults_and_jdbc_spellings(self):
        u = parse_url("jdbc:postgresql://localhost/app?connectTimeout=3&ssl=true&ApplicationName=x")
        self.assertEqual(u.port, 5432)
        self.assertEqual(u.params, {"connect_timeout": "3", "sslmode": "require", "application_name": "x"})
        self.assertIsNone(u.user)

    def test_jdbc_postgres_database_only(self):
        u = parse_url("jdbc:postgresql:inventory")
        self.assertEqual((u.host, u.port, u.database), ("localhost", 5432, "inventory"))

    def test_plain_postgres_url_with_credentials(self):
        u = parse_url("postgresql://l2pa:p%2Fw%3A@127.0.0.1:55432/l2pa_test")
        self.assertEqual(
            (u.user, u.password, u.host, u.port, u.database), ("l2pa", "p/w:", "127.0.0.1", 55432, "l2pa_test")
        )
        self.assertEqual(parse_url("postgres://h/d").database, "d")

    def test_ipv6_host(self):
        u = parse_url("jdbc:postgresql://[::1]:5433/db")
        self.assertEqual((u.host, u.port), ("::1", 5433))

    def test_sqlite_forms(self):
        self.assertEqual(parse_url("jdbc:sqlite:/data/app.db").database, "/data/app.db")
        self.assertEqual(parse_url("jdbc:sqlite:rel/app.db").database, "rel/app.db")
        self.assertEqual(parse_url("jdbc:sqlite::memory:").database, ":memory:")
        self.assertEqual(parse_url("sqlite:///rel.db").database, "rel.db")
        self.assertEqual(parse_url("sqlite:////abs/x.db").database, "/abs/x.db")
        self.assertEqual(parse_url("jdbc:sqlite:/tmp/ü ñ.db").database, "/tmp/ü ñ.db")

    def test_repr_hides_password(self):
        self.assertNotIn("hunter2", repr(parse_url("postgresql://u:hunter2@h/d")))


class BadUrls(unittest.TestCase):
    def assertBad(self, url, *fragments):
        with self.assertRaises(JDBCOptionError) as ctx:
            parse_url(url)
        message = str(ctx.exception)
        self.assertIn("option 'url'", message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertNotIn("hunter2", message)
        return message

    def test_missing(self):
        for url in (None, "", "   "):
            self.assertBad(url, "required")

    def test_unsupported_scheme(self):
        self.assertBad("jdbc:mysql://h/db", "unsupported scheme 'jdbc:mysql'")
        self.assertBad("mongodb://u:hunter2@h/db", "unsupported scheme 'mongodb'", "u:***@h")

    def test_bad_port(self):
        self.assertBad("jdbc:postgresql://h:99999/db", "port")
        self.assertBad("postgresql://u:hunter2@h:abc/db", "port", "u:***@h:abc")

    def test_missing_host_or_database(self):
        self.assertBad("jdbc:postgresql:///db", "missing host")
        self.assertBad("jdbc:postgresql://h:5432", "missing database")
        self.assertBad("jdbc:postgresql://h:5432/", "missing database")

    def test_unknown_parameter(self):
        self.assertBad("jdbc:postgresql://h/db?password=hunter2&loginTimeout=5", "'loginTimeout'", "password=***")

    def test_bad_sqlite(self):
        self.assertBad("jdbc:sqlite:", "missing database path")
        self.assertBad("sqlite://rel.db", "three slashes")
        self.assertBad("jdbc:sqlite:/x.db?mode=ro", "query parameters")


if __name__ == "__main__":
    unittest.main()
