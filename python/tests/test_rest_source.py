"""RestApiSource against a real ThreadingHTTPServer on 127.0.0.1."""
import json
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from rest_source import RestApiSource, RestSourceError

TOKEN = "tok-ABC123-very-secret"
PAGES = {
    1: [{"id": 1, "name": "a", "price": 1.5}, {"id": 2, "name": "Ünïcode ✓", "price": None}],
    2: [{"id": 3, "name": "c", "price": 3}],
    3: [],
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.server.seen.append((parts.path, query, self.headers.get("Authorization")))
        if parts.path == "/slow":
            time.sleep(1.0)  # longer than the client's timeout; then hang up without answering
            return
        if parts.path == "/boom":
            return self.send_error(500, "Internal Server Error")
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self.send_error(401, "Unauthorized")
        page = int(query.get("p", query.get("page", ["1"]))[0])
        body = json.dumps({"total_pages": 3, "items": PAGES.get(page, [])}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class RestSourceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        cls.server.daemon_threads = True
        cls.server.seen = []
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.base = f"http://127.0.0.1:{cls.server.server_address[1]}"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def options(self, path="/items", **extra):
        return dict({"url": self.base + path, "schema": "id:int64,name:string,price:float64", "token": TOKEN}, **extra)

    def test_schema_needs_no_request(self):
        before = len(self.server.seen)
        schema = RestApiSource().infer_schema(self.options())
        self.assertEqual(schema.names, ["id", "name", "price"])
        self.assertEqual(len(self.server.seen), before)

    def test_pagination_discovered_from_first_page(self):
        source = RestApiSource()
        specs = source.plan_partitions(self.options())
        self.assertEqual(specs, [{"page": 1}, {"page": 2}, {"page": 3}])
        rows = [r for s in specs for b in source.read_partition(s, self.options()) for r in b.to_pylist()]
        self.assertEqual(
            rows,
            [
                {"id": 1, "name": "a", "price": 1.5},
                {"id": 2, "name": "Ünïcode ✓", "price": None},
                {"id": 3, "name": "c", "price": 3.0},
            ],
        )
        self.assertEqual(self.server.seen[-1][2], f"Bearer {TOKEN}")

    def test_pages_option_custom_param_and_pushdown(self):
        source = RestApiSource()
        options = self.options("/items?lang=en", pages="2", page_param="p")
        self.assertEqual(source.plan_partitions(options), [{"page": 1}, {"page": 2}])
        rows = [
            r
            for b in source.read_partition({"page": 1}, options, columns=["name"], filters=[("price", ">", 1)])
            for r in b.to_pylist()
        ]
        self.assertEqual(rows, [{"name": "a"}])
        self.assertEqual(self.server.seen[-1][1], {"lang": ["en"], "p": ["1"]})
        limited = [
            r for b in source.read_partition({"page": 1}, options, columns=["id"], limit=1) for r in b.to_pylist()
        ]
        self.assertEqual(limited, [{"id": 1}])

    def test_http_500_names_url_and_status_without_secrets(self):
        with self.assertRaises(RestSourceError) as ctx:
            list(RestApiSource().read_partition({"page": 2}, self.options("/boom?api_key=k-SECRET&x=1")))
        message = str(ctx.exception)
        self.assertIn("HTTP 500", message)
        self.assertIn(f"{self.base}/boom?api_key=***&x=1&page=2", message)
        self.assertNotIn("k-SECRET", message)
        self.assertNotIn(TOKEN, message)

    def test_wrong_token_is_401(self):
        with self.assertRaises(RestSourceError) as ctx:
            RestApiSource().plan_partitions(self.options(token="wrong-token-xyz"))
        self.assertIn("HTTP 401", str(ctx.exception))
        self.assertNotIn("wrong-token-xyz", str(ctx.exception))

    def test_timeout(self):
        started = time.monotonic()
        with self.assertRaises(RestSourceError) as ctx:
            list(RestApiSource().read_partition({"page": 1}, self.options("/slow", timeout="0.2")))
        self.assertLess(time.monotonic() - started, 0.9)
        self.assertIn("timed out after 0.2 s", str(ctx.exception))
        self.assertIn("/slow?page=1", str(ctx.exception))

    def test_missing_options(self):
        with self.assertRaises(ValueError):
            RestApiSource().infer_schema({"url": self.base})
        with self.assertRaises(ValueError):
            RestApiSource().plan_partitions({"schema": "id:int64"})


if __name__ == "__main__":
    unittest.main()
