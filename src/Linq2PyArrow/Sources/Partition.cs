using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources;

/// <summary>
/// A partition from plan_partitions: its spec as handed back to read_partition, as JSON for messages (secrets masked),
/// and the masker for its messages (the source's secrets plus values under secret-looking keys of the spec).
/// </summary>
internal sealed class Partition(int index, PyObject spec, string displaySpec, SecretMasker masker) : IDisposable
{
    public SecretMasker Masker { get; } = masker;
    public int Index { get; } = index;
    public PyObject Spec { get; } = spec;
    public string DisplaySpec { get; } = displaySpec;

    public void Dispose() => Spec.Dispose();
}
