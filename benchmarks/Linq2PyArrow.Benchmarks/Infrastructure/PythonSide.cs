using Apache.Arrow.C;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Benchmarks.Infrastructure;

/// <summary>Direct access to the benchmark module through the binding's internals, for the baselines.</summary>
internal static unsafe class PythonSide
{
    /// <summary>Objects from l2pa_bench_sources, evaluated with the GIL held; dispose with the GIL held.</summary>
    public static PyObject Eval(string expression)
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec($"import {BenchData.Module}\nfrom {BenchData.Module} import *\n");
        return PyCode.Eval(expression, globals);
    }

    public static void Dispose(PyObject value)
    {
        using var gil = Gil.Acquire();
        value.Dispose();
    }

    /// <summary>
    /// The floor: the source's read_partition generator runs and each batch is exported through
    /// __arrow_c_array__ and released at once — nothing imported, nothing consumed. Returns the batch count.
    /// </summary>
    public static int ProduceAndRelease(PyObject source, PyObject spec, PyObject options)
    {
        var count = 0;
        using var gil = Gil.Acquire();
        using var generator = source.CallMethod("read_partition", spec, options);
        while (true)
        {
            using var batch = generator.Next();
            if (batch is null) break;
            var exported = CapsuleProtocol.ExportBatch(batch);
            CArrowArray.Free(exported.Array);
            CArrowSchema.Free(exported.Schema);
            count++;
        }
        return count;
    }
}
