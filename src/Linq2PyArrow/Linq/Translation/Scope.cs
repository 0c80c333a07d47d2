using System.Linq.Expressions;
using Remotion.Linq.Clauses;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>Which expression stands for each query source (a lambda parameter, usually) where code is generated.</summary>
internal sealed class Scope
{
    public static Scope Empty { get; } = new(null, null, null);

    private readonly Scope? _parent;
    private readonly IQuerySource? _source;
    private readonly Expression? _value;

    private Scope(Scope? parent, IQuerySource? source, Expression? value)
    {
        _parent = parent;
        _source = source;
        _value = value;
    }

    public Scope With(IQuerySource source, Expression value) => new(this, source, value);

    public Expression? Find(IQuerySource source)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
            if (ReferenceEquals(scope._source, source)) return scope._value;
        return null;
    }
}
