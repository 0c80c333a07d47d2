import datetime as dt
import json
import os
import tempfile
import unittest

from files_source import FilesSource


def rows_of(batches):
    return [row for batch in batches for row in batch.to_pylist()]


class FilesSourceCsv(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.write("a.csv", "id,name,score,day,ok\n1,Zoë,1.5,2024-01-02,true\n2,,2,2024-01-03,false\n")
        self.write("b.csv", 'id,name,score,day,ok\n3,"comma, ""quoted"" 東京",-0.25,,true\n')
        self.write("notes.txt", "ignored")
        self.source = FilesSource()
        self.options = {"path": self.tmp.name}

    def write(self, name, text):
        with open(os.path.join(self.tmp.name, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)

    def read_all(self, **hints):
        return [
            r
            for s in self.source.plan_partitions(self.options)
            for r in rows_of(self.source.read_partition(s, self.options, **hints))
        ]

    def test_inferred_schema(self):
        schema = self.source.infer_schema(self.options)
        self.assertEqual(schema.names, ["id", "name", "score", "day", "ok"])
        self.assertEqual(
            [str(t) for t in schema.types],
            [
                str(t)
                for t in FilesSource()
                .infer_schema(
                    {"path": self.tmp.name, "schema": "id:int64,name:string,score:float64,day:date32,ok:bool"}
                )
                .types
            ],
        )

    def test_partition_per_file_and_values(self):
        specs = self.source.plan_partitions(self.options)
        self.assertEqual([os.path.basename(s["file"]) for s in specs], ["a.csv", "b.csv"])
        rows = self.read_all()
        self.assertEqual(rows[0], {"id": 1, "name": "Zoë", "score": 1.5, "day": dt.date(2024, 1, 2), "ok": True})
        self.assertEqual(rows[1]["name"], None)  # empty CSV cell is null
        self.assertEqual(rows[2], {"id": 3, "name": 'comma, "quoted" 東京', "score": -0.25, "day": None, "ok": True})

    def test_projection_filters_limit(self):
        self.assertEqual(
            self.read_all(columns=["name"], filters=[("score", ">", 0)]), [{"name": "Zoë"}, {"name": None}]
        )
        self.assertEqual(
            self.read_all(columns=["id"], filters=[[("ok", "==", False)], [("id", "in", [3])]]), [{"id": 2}, {"id": 3}]
        )
        self.assertEqual(self.read_all(columns=["id"], limit=1), [{"id": 1}, {"id": 3}])
        self.assertEqual(self.read_all(columns=["id"], filters=[("name", "!=", "Zoë")]), [{"id": 2}, {"id": 3}])

    def test_projection_skips_unneeded_bad_values(self):
        self.write("c.csv", "id,name,score,day,ok\n4,x,not-a-number,2024-01-01,true\n")
        options = dict(self.options, schema="id:int64,name:string,score:float64,day:date32,ok:bool")
        spec = [s for s in self.source.plan_partitions(options) if s["file"].endswith("c.csv")][0]
        self.assertEqual(rows_of(self.source.read_partition(spec, options, columns=["id"])), [{"id": 4}])
        with self.assertRaises(ValueError) as ctx:
            list(self.source.read_partition(spec, options))
        self.assertIn("c.csv: record 2", str(ctx.exception))

    def test_errors(self):
        with self.assertRaises(ValueError):
            self.source.infer_schema({})
        with self.assertRaises(FileNotFoundError):
            self.source.infer_schema({"path": os.path.join(self.tmp.name, "missing")})
        with self.assertRaises(ValueError) as ctx:
            self.source.infer_schema(dict(self.options, schema="id:integer"))
        self.assertIn("unknown type 'integer'", str(ctx.exception))


class FilesSourceJsonl(unittest.TestCase):
    def test_jsonl_inference_and_read(self):
        with tempfile.TemporaryDirectory() as tmp:
            lines = [
                {"id": 1, "v": 1, "tags": ["a"], "name": "ü"},
                {"id": 2, "v": 2.5, "ok": True},
                {"id": 3, "name": None},
            ]
            with open(os.path.join(tmp, "part-0.jsonl"), "w", encoding="utf-8") as f:
                f.write("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n")
            source, options = FilesSource(), {"path": tmp}
            schema = source.infer_schema(options)
            self.assertEqual(schema.names, ["id", "v", "tags", "name", "ok"])
            (spec,) = source.plan_partitions(options)
            rows = rows_of(source.read_partition(spec, options))
            self.assertEqual(rows[0], {"id": 1, "v": 1.0, "tags": '["a"]', "name": "ü", "ok": None})
            self.assertEqual(rows[1], {"id": 2, "v": 2.5, "tags": None, "name": None, "ok": True})
            self.assertEqual(
                rows_of(source.read_partition(spec, options, columns=["id"], filters=[("v", ">=", 2)])), [{"id": 2}]
            )


if __name__ == "__main__":
    unittest.main()
