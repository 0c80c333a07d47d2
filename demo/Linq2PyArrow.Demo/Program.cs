using Linq2PyArrow;

// A first look: the embedded Python, and a LINQ query over a Python source defined on the fly.
Console.WriteLine($"Embedded Python {PythonEnvironment.Version} from {PythonEnvironment.LibraryPath}");

var directory = Directory.CreateTempSubdirectory("linq2pyarrow-demo-");
File.WriteAllText(Path.Combine(directory.FullName, "demo_source.py"), """
    from linq2pyarrow import arrow as pa

    class Squares:
        def infer_schema(self, options):
            return pa.schema([pa.field("n", pa.int64()), pa.field("square", pa.int64()), pa.field("label", pa.string())])

        def plan_partitions(self, options):
            return [{"start": s} for s in range(0, int(options["count"]), 250)]

        def read_partition(self, spec, options):
            ns = list(range(spec["start"], min(spec["start"] + 250, int(options["count"]))))
            yield pa.RecordBatch.from_pydict({"n": ns, "square": [n * n for n in ns], "label": [f"#{n} ✓" for n in ns]})
    """);

var settings = new PythonSourceSettings { SearchPaths = [directory.FullName] };
var squares = PythonSource.Open<SquareRow>("demo_source", "Squares", new Dictionary<string, string> { ["count"] = "1000" }, settings);
foreach (var square in squares.Where(s => s.N % 100 == 0).Take(5)) Console.WriteLine(square);
Console.WriteLine($"Sum of squares below 1000: {squares.Sum(s => s.Square):N0}");
directory.Delete(recursive: true);

internal sealed record SquareRow(long N, long Square, string Label);
