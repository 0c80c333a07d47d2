using System.Linq.Expressions;

namespace Linq2PyArrow.Linq.Parsing;

/// <summary>
/// On a cache miss, turns a query into its cacheable form: every maximal sub-tree that does not depend on the
/// rows or on the query root (the same sub-trees re-linq's partial evaluator would evaluate, but not evaluated
/// here, so nothing gets baked into the plan) becomes a <see cref="QueryParameterExpression"/>. A parameter that
/// is a plain leaf reads the leaf's value; any other (a call, a conversion, arithmetic over captured values) is
/// compiled once into an evaluator over the leaf values and runs on every execution.
/// </summary>
internal static class QueryParameterizer
{
    public static (Expression Parameterized, ParameterBinder Binder) Parameterize(Expression expression)
    {
        var numbered = new LeafNumbering().Visit(expression)!;
        numbered = SpanContainsRewriter.Rewrite(numbered);
        var nominator = new Nominator();
        nominator.Visit(numbered);
        var replacer = new Replacer(nominator.Candidates);
        var parameterized = replacer.Visit(numbered)!;
        return (parameterized, new ParameterBinder(replacer.Slots));
    }

    /// <summary>A leaf, numbered as <see cref="QueryShape"/> numbers it (same visiting order, same leaf test).</summary>
    private sealed class LeafReference(int index, Type type) : Expression
    {
        public int Index { get; } = index;
        public override Type Type { get; } = type;
        public override ExpressionType NodeType => ExpressionType.Extension;
        protected override Expression VisitChildren(ExpressionVisitor visitor) => this;
    }

    private sealed class LeafNumbering : ExpressionVisitor
    {
        private int _next;

        public override Expression? Visit(Expression? node) =>
            node is not null && QueryShape.IsLeaf(node) ? new LeafReference(_next++, node.Type) : base.Visit(node);
    }

    /// <summary>Marks the nodes whose whole sub-tree can be computed before the scan.</summary>
    private sealed class Nominator : ExpressionVisitor
    {
        private bool _blocked;
        public HashSet<Expression> Candidates { get; } = new(ReferenceEqualityComparer.Instance);

        public override Expression? Visit(Expression? node)
        {
            if (node is null) return null;
            var saved = _blocked;
            _blocked = false;
            base.Visit(node);
            if (!_blocked)
            {
                if (CanBeEvaluated(node)) Candidates.Add(node);
                else _blocked = true;
            }
            _blocked |= saved;
            return node;
        }

        private static bool CanBeEvaluated(Expression node) => node switch
        {
            LeafReference => true,
            ParameterExpression or LambdaExpression or { NodeType: ExpressionType.Quote or ExpressionType.Extension } => false,
            ConstantExpression => false, // only queries are left as constants
            _ => !typeof(IQueryable).IsAssignableFrom(node.Type) && node.Type != typeof(void),
        };
    }

    private sealed class Replacer(HashSet<Expression> candidates) : ExpressionVisitor
    {
        public List<Expression> Slots { get; } = [];

        public override Expression? Visit(Expression? node)
        {
            // A span (ref struct) cannot be a parameter value; its parts can.
            if (node is null || !candidates.Contains(node) || node.Type.IsByRefLike) return base.Visit(node);
            Slots.Add(node);
            return new QueryParameterExpression(Slots.Count - 1, node.Type);
        }
    }

    /// <summary>Computes the parameter values of one execution from its leaf values.</summary>
    internal sealed class ParameterBinder
    {
        private readonly int[] _leafOf;                              // slot → leaf index, or -1
        private readonly Func<object?[], object?>?[] _evaluators;    // slot → evaluator when not a plain leaf
        private readonly bool _identity;

        public ParameterBinder(IReadOnlyList<Expression> slots)
        {
            _leafOf = new int[slots.Count];
            _evaluators = new Func<object?[], object?>?[slots.Count];
            var leaves = Expression.Parameter(typeof(object[]), "leaves");
            for (var i = 0; i < slots.Count; i++)
            {
                if (slots[i] is LeafReference leaf)
                {
                    _leafOf[i] = leaf.Index;
                    continue;
                }
                _leafOf[i] = -1;
                var body = new LeafReader(leaves).Visit(slots[i]);
                _evaluators[i] = Expression.Lambda<Func<object?[], object?>>(Expression.Convert(body, typeof(object)), leaves).Compile();
            }
            _identity = _leafOf.Select((leaf, slot) => leaf == slot).All(same => same);
        }

        /// <summary>The number of parameter values.</summary>
        public int Count => _leafOf.Length;

        public object?[] Bind(object?[] leaves)
        {
            if (_identity && leaves.Length == _leafOf.Length) return leaves;
            var values = new object?[_leafOf.Length];
            for (var i = 0; i < values.Length; i++)
                values[i] = _leafOf[i] >= 0 ? leaves[_leafOf[i]] : _evaluators[i]!(leaves);
            return values;
        }

        private sealed class LeafReader(ParameterExpression leaves) : ExpressionVisitor
        {
            protected override Expression VisitExtension(Expression node) =>
                node is LeafReference leaf ? Expression.Convert(Expression.ArrayIndex(leaves, Expression.Constant(leaf.Index)), leaf.Type) : base.VisitExtension(node);
        }
    }
}
