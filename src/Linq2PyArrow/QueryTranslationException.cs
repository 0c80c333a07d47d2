namespace Linq2PyArrow;

/// <summary>
/// A LINQ query over a Python source uses a construct Linq2PyArrow cannot translate. The message quotes the
/// expression and says why; <c>AsEnumerable()</c> before the construct runs the rest with LINQ to Objects.
/// </summary>
public sealed class QueryTranslationException : NotSupportedException
{
    internal QueryTranslationException(string expression, string reason)
        : base($"The LINQ expression '{expression}' could not be translated by Linq2PyArrow: {reason} " +
               "Rewrite the query, or switch to client evaluation explicitly by inserting AsEnumerable() before this operator.")
    {
        Expression = expression;
        Reason = reason;
    }

    /// <summary>The expression that could not be translated, as text.</summary>
    public string Expression { get; }

    /// <summary>Why it could not be translated.</summary>
    public string Reason { get; }
}
