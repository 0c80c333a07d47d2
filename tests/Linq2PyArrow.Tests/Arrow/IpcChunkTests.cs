using Linq2PyArrow.Arrow;
using Linq2PyArrow.Materialization.Readers;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Arrow;

/// <summary>
/// The dependency-free IPC writer (linq2pyarrow.arrow.ipc) against Apache.Arrow's IPC reader, as Dask partitions use
/// them: every case of the type matrix, whole and sliced, must read back through <see cref="IpcChunk"/> exactly as the
/// same batches read through the C Data Interface; and the chunk must be read in place and kept alive by its batches.
/// </summary>
public sealed unsafe class IpcChunkTests
{
    [Fact]
    public void Every_type_of_the_matrix_reads_back_as_through_the_c_data_interface()
    {
        var failures = new List<string>();
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import ipc_cases\nnames = ipc_cases.CASES");
        using var names = PyCode.Eval("names", globals);
        var cases = ((IReadOnlyList<object?>)PyConvert.FromPython(names)!).Cast<string>().ToList();
        Assert.True(cases.Count >= 45, $"only {cases.Count} cases");
        foreach (var name in cases)
            foreach (var sliced in new[] { false, true })
            {
                var (viaC, viaIpc) = Both($"ipc_cases.case({PythonString(name)}, {(sliced ? "True" : "False")})");
                if (!viaC.SequenceEqual(viaIpc))
                    failures.Add($"{name}{(sliced ? " (sliced)" : "")}:\n  C data: {string.Join("\n          ", viaC)}\n  IPC:    {string.Join("\n          ", viaIpc)}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_dictionary_that_changes_between_batches_replaces_the_previous_one()
    {
        using var gil = Gil.Acquire();
        var (viaC, viaIpc) = Both("ipc_cases.dictionaries()");
        Assert.Equal(viaC, viaIpc);
        Assert.Contains(viaIpc, row => row.Contains("c: 'cyan'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_batch_without_columns_keeps_its_row_count()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import ipc_cases\nbatches, data = ipc_cases.no_columns(7)");
        using var data = PyCode.Eval("data", globals);
        var batches = IpcChunk.FromBytes(PyObject.Borrow(data.Handle)).ReadBatches().ToList();
        Assert.Equal(7, Assert.Single(batches).Length);
        Assert.Empty(batches[0].Batch.Schema.FieldsList);
        batches[0].Dispose();
    }

    [Fact]
    public void Batches_from_a_stream_are_written_like_batches_one_by_one()
    {
        using var gil = Gil.Acquire();
        var (viaC, viaIpc) = Both("ipc_cases.through_stream()");
        Assert.Equal(viaC, viaIpc);
    }

    [Fact]
    public void Batches_point_into_the_python_bytes_which_live_until_the_last_batch_is_released()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import ipc_cases\nbatches, data = ipc_cases.case('int64', False)");
        using var data = PyCode.Eval("data", globals);
        using var refcount = PyCode.Eval("ipc_cases.refcount", globals);
        long RefCount()
        {
            using var count = refcount.Call(data);
            return PyConvert.ToInt64(count);
        }
        var before = RefCount();
        var chunk = IpcChunk.FromBytes(PyObject.Borrow(data.Handle));
        var batches = chunk.ReadBatches().ToList();
        Assert.Equal(2, batches.Count);
        var start = (byte*)PyBytesPointer(data);
        foreach (var batch in batches)
        {
            var values = BufferPointer.Of(batch.Batch.Column(1).Data.Buffers[1]);
            Assert.True(values >= start && values < start + chunk.Length, "the values buffer is not inside the Python bytes");
        }
        Assert.Equal(before + 1, RefCount());
        batches[0].Dispose();
        batches[0].Dispose(); // twice: released once
        Assert.Equal(before + 1, RefCount());
        batches[1].Dispose();
        Assert.Equal(before, RefCount());
    }

    [Fact]
    public void A_truncated_stream_is_an_arrow_protocol_error()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import ipc_cases\nbatches, data = ipc_cases.case('string', False)\ndata = data[:len(data) // 2]");
        using var data = PyCode.Eval("data", globals);
        var error = Assert.Throws<ArrowProtocolException>(() =>
        {
            foreach (var batch in IpcChunk.FromBytes(PyObject.Borrow(data.Handle)).ReadBatches()) batch.Dispose();
        });
        Assert.Contains("IPC", error.Message);
    }

    /// <summary>The batches of a Python (batches, data) pair read both ways, as type line + row lines. GIL held.</summary>
    private static (List<string> ViaC, List<string> ViaIpc) Both(string expression)
    {
        using var globals = PyCode.Exec($"import ipc_cases\nbatches, data = {expression}");
        using var pyBatches = PyCode.Eval("batches", globals);
        using var data = PyCode.Eval("data", globals);
        var viaC = new List<string>();
        using (var iterator = pyBatches.GetIter())
        {
            while (iterator.Next() is { } item)
            {
                using (item)
                {
                    var exported = CapsuleProtocol.ExportBatch(item);
                    using var imported = ArrowImporter.ImportBatch(exported.Schema, exported.Array);
                    viaC.Add(ArrowText.Type(imported.Batch));
                    viaC.AddRange(ArrowText.Rows(imported.Batch));
                }
            }
        }
        var viaIpc = new List<string>();
        foreach (var batch in IpcChunk.FromBytes(PyObject.Borrow(data.Handle)).ReadBatches())
        {
            using (batch)
            {
                viaIpc.Add(ArrowText.Type(batch.Batch));
                viaIpc.AddRange(ArrowText.Rows(batch.Batch));
            }
        }
        return (viaC, viaIpc);
    }

    private static nint PyBytesPointer(PyObject bytes)
    {
        byte* data;
        nint length;
        Assert.Equal(0, Linq2PyArrow.Python.CPython.CApi.PyBytes_AsStringAndSize(bytes.Handle, &data, &length));
        return (nint)data;
    }

    private static string PythonString(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
