using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources;

/// <summary>
/// A partition from plan_partitions: its spec as handed back to read_partition, as JSON for messages (secrets masked),
/// and the masker for its messages (the source's secrets plus values under secret-looking keys of the spec). The
/// last two are built on first use: only messages need them, and every query would otherwise pay for them.
/// </summary>
internal sealed class Partition(int index, PyObject spec, Func<string> displaySpec, Func<SecretMasker> masker) : IDisposable
{
    private readonly Lazy<string> _displaySpec = new(displaySpec);
    private readonly Lazy<SecretMasker> _masker = new(masker);

    public SecretMasker Masker => _masker.Value;
    public int Index { get; } = index;
    public PyObject Spec { get; } = spec;
    public string DisplaySpec => _displaySpec.Value;

    public void Dispose() => Spec.Dispose();
}
