using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources;

/// <summary>A partition from plan_partitions: its spec as handed back to read_partition, and as JSON for messages (secrets masked).</summary>
internal sealed class Partition(int index, PyObject spec, string displaySpec) : IDisposable
{
    public int Index { get; } = index;
    public PyObject Spec { get; } = spec;
    public string DisplaySpec { get; } = displaySpec;

    public void Dispose() => Spec.Dispose();
}
