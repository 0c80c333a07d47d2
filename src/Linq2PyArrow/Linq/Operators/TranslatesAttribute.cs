namespace Linq2PyArrow.Linq.Operators;

/// <summary>
/// Declares the query operators a translator handles, by method name (as linq2db's builders declare theirs with
/// <c>[BuildsMethodCall("Skip", "Take")]</c>), and for a re-linq result-operator translator the result operator
/// types it translates. <see cref="OperatorRegistry"/> collects every translator so declared; which overloads of
/// those methods it takes is <see cref="IQueryOperator.Accepts"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class TranslatesAttribute(params string[] methods) : Attribute
{
    public IReadOnlyList<string> Methods { get; } = methods;

    /// <summary>The re-linq result operators (Remotion.Linq.Clauses.ResultOperators) the translator turns into .NET code.</summary>
    public Type[] ResultOperators { get; init; } = [];

    /// <summary>The translator of every operator and overload no other translator takes (they run in .NET).</summary>
    public bool EverythingElse { get; init; }
}

/// <summary>A translator as the registry knows it: which overloads it takes, and what it pushes to Python.</summary>
internal interface IQueryOperator
{
    /// <summary>Whether this overload (of a method named in the translator's <see cref="TranslatesAttribute"/>) is handled.</summary>
    bool Accepts(Overload overload);

    /// <summary>What reaches the Python source, for the README's operator table ("—" for nothing).</summary>
    string Pushed { get; }

    /// <summary>What runs in .NET.</summary>
    string InDotNet { get; }
}
