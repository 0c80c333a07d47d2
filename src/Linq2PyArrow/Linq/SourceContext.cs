using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Linq;

/// <summary>Everything an opened source needs to run queries: the source, the row binding and the engine settings.</summary>
internal sealed class SourceContext(DataSource source, RowBinding binding, PythonSourceSettings settings)
{
    public DataSource Source { get; } = source;
    public RowBinding Binding { get; } = binding;
    public PythonSourceSettings Settings { get; } = settings;

    /// <summary>The scan's columns in schema order, from the set a query needs (null: all bound columns).</summary>
    public IReadOnlyList<string> OrderedColumns(IEnumerable<string>? needed)
    {
        var set = new HashSet<string>(needed ?? Binding.All.Select(m => m.Column), StringComparer.Ordinal);
        return Source.Schema.FieldsList.Select(f => f.Name).Where(set.Contains).ToList();
    }
}
