using System.Linq.Expressions;
using Remotion.Linq;

namespace Linq2PyArrow.Linq;

/// <summary>
/// The IQueryable returned by PythonSource.Open. Deliberately not IAsyncEnumerable&lt;T&gt;: on .NET 10 that makes
/// Where/Select ambiguous between Queryable and the in-box AsyncEnumerable; async enumeration goes through the
/// AsAsyncEnumerable/GetAsyncEnumerator extensions instead.
/// </summary>
internal sealed class PythonQueryable<T> : QueryableBase<T>
{
    /// <summary>The root query over a source.</summary>
    public PythonQueryable(PythonQueryProvider provider) : base(provider) { }

    /// <summary>Composed queries. Must be public: re-linq's conventions and Queryable operators construct it.</summary>
    public PythonQueryable(IQueryProvider provider, Expression expression) : base(provider, expression) { }

    public override string ToString() => $"PythonSource<{typeof(T).Name}>({((PythonQueryProvider)Provider).Context.Source.Name})";
}
