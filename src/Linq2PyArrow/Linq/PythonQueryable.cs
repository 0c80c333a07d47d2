using System.Collections;
using System.Linq.Expressions;
using Remotion.Linq;

namespace Linq2PyArrow.Linq;

/// <summary>
/// The IQueryable returned by PythonSource.Open. Deliberately not IAsyncEnumerable&lt;T&gt;: on .NET 10 that makes
/// Where/Select ambiguous between Queryable and the in-box AsyncEnumerable; async enumeration goes through the
/// AsAsyncEnumerable/GetAsyncEnumerator extensions instead.
/// </summary>
internal sealed class PythonQueryable<T> : QueryableBase<T>, IEnumerable<T>
{
    /// <summary>The root query over a source.</summary>
    public PythonQueryable(PythonQueryProvider provider) : base(provider) { }

    /// <summary>Composed queries. Must be public: re-linq's conventions and Queryable operators construct it.</summary>
    public PythonQueryable(IQueryProvider provider, Expression expression) : base(provider, expression) { }

    private PythonQueryProvider PythonProvider => (PythonQueryProvider)Provider;

    /// <summary>Enumerates through the typed path (QueryableBase would go through Execute&lt;IEnumerable&lt;T&gt;&gt;).</summary>
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => PythonProvider.Enumerate<T>(Expression).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<T>)this).GetEnumerator();

    public override string ToString() => $"PythonSource<{typeof(T).Name}>({PythonProvider.Context.Source.Name})";
}
