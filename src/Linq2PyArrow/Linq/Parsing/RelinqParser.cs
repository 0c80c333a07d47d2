using System.Linq.Expressions;
using Remotion.Linq;
using Remotion.Linq.Parsing.ExpressionVisitors.Transformation;
using Remotion.Linq.Parsing.Structure;
using Remotion.Linq.Parsing.Structure.ExpressionTreeProcessors;

namespace Linq2PyArrow.Linq.Parsing;

/// <summary>
/// re-linq as a parser only. The processor pipeline has the default transformations (Nullable.Value → Convert,
/// HasValue → != null, VB string comparisons, invocations of lambdas…) but no partial evaluator: by the time
/// re-linq sees the query, <see cref="QueryParameterizer"/> has already turned everything evaluable into
/// parameters, and evaluating anything again here would bake this execution's values into a cached plan.
/// </summary>
internal static class RelinqParser
{
    private static readonly QueryParser Parser = new(new ExpressionTreeParser(
        ExpressionTreeParser.CreateDefaultNodeTypeProvider(),
        new CompoundExpressionTreeProcessor([new TransformingExpressionTreeProcessor(ExpressionTransformerRegistry.CreateDefault())])));

    public static QueryModel Parse(Expression parameterized, Expression original)
    {
        try
        {
            return Parser.GetParsedQuery(parameterized);
        }
        catch (NotSupportedException ex) when (ex is not QueryTranslationException)
        {
            throw new QueryTranslationException(ExpressionDisplay.Print(original), ex.Message);
        }
    }
}
