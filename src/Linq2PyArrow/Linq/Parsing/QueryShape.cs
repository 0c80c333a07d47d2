using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;

namespace Linq2PyArrow.Linq.Parsing;

/// <summary>
/// The cache key of a query and the values that vary between its executions, found in one pass over the
/// expression (the per-execution cost of a cached query is mostly this pass). Like NHibernate's
/// ExpressionKeyVisitor, constants and captured variables (member chains over a closure constant, static members)
/// become parameters in the key and their values are read here, by reflection instead of a compiled lambda.
/// Everything else is structure: two expressions with the same key differ only in those values.
/// </summary>
internal sealed class QueryShape
{
    private QueryShape(string? key, object?[] leaves)
    {
        Key = key;
        Leaves = leaves;
    }

    /// <summary>The structural key; null when the expression holds nodes the key cannot describe (no caching).</summary>
    public string? Key { get; }

    /// <summary>The values of the leaves, in visiting order.</summary>
    public object?[] Leaves { get; }

    /// <param name="expression">The query.</param>
    /// <param name="provider">The provider whose root queries may appear in it as constants.</param>
    public static QueryShape Of(Expression expression, IQueryProvider provider)
    {
        var builder = new KeyBuilder(provider);
        builder.Visit(expression);
        return new QueryShape(builder.Cacheable ? builder.Key.ToString() : null, builder.Leaves.ToArray());
    }

    /// <summary>
    /// A leaf: a constant that is not a query, or a chain of field/property reads ending in one (or static).
    /// Both passes (the key here, the parameterizer on a miss) use this test, so leaves are numbered alike.
    /// </summary>
    internal static bool IsLeaf(Expression node)
    {
        switch (node)
        {
            case ConstantExpression constant:
                // Another provider's query (a List's AsQueryable()) is a value the query enumerates in .NET.
                return constant.Value is not IQueryable { Provider: PythonQueryProvider } && !constant.Type.IsByRefLike;
            case MemberExpression member:
                if (member.Type.IsByRefLike || typeof(IQueryable).IsAssignableFrom(member.Type)) return false;
                Expression? current = member;
                while (current is MemberExpression { Member: FieldInfo or PropertyInfo } link) current = link.Expression;
                return current is null || current is ConstantExpression { Value: not IQueryable };
            default:
                return false;
        }
    }

    /// <summary>The value of a leaf: reads the member chain by reflection.</summary>
    internal static object? Evaluate(Expression leaf)
    {
        switch (leaf)
        {
            case ConstantExpression constant:
                return constant.Value;
            case MemberExpression member:
                var target = member.Expression is null ? null : Evaluate(member.Expression);
                if (target is null && member.Expression is not null) throw new NullReferenceException(
                    $"The captured value '{member.Expression}' is null, so its member '{member.Member.Name}' cannot be read.");
                try
                {
                    return member.Member is FieldInfo field ? field.GetValue(target) : ((PropertyInfo)member.Member).GetValue(target);
                }
                catch (TargetInvocationException ex) when (ex.InnerException is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
                    throw;
                }
            default:
                throw new InvalidOperationException($"{leaf} is not a leaf.");
        }
    }

    private sealed class KeyBuilder(IQueryProvider provider) : ExpressionVisitor
    {
        private static readonly ConcurrentDictionary<object, int> s_ids = new();
        private static int s_lastId;
        private readonly Dictionary<ParameterExpression, int> _parameters = [];

        /// <summary>
        /// The key: one char per structural token, ids as two chars (their 32 bits), so that building it is appending
        /// chars and the plan cache hashes and compares a short string (a cached query's execution is mostly this pass).
        /// </summary>
        public StringBuilder Key { get; } = new(128);
        public List<object?> Leaves { get; } = [];
        public bool Cacheable { get; private set; } = true;

        /// <summary>A number per type or member; two items never share one (a number taken by a lost race is unused).</summary>
        private static int Id(object item) => s_ids.GetOrAdd(item, static _ => Interlocked.Increment(ref s_lastId));

        private StringBuilder AppendId(object item) => AppendNumber(Id(item));

        private StringBuilder AppendNumber(int number) => Key.Append((char)(number >> 16)).Append((char)number);

        [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(node))]
        public override Expression? Visit(Expression? node)
        {
            if (node is null)
            {
                Key.Append('~');
                return null;
            }
            if (IsLeaf(node))
            {
                Key.Append('P');
                AppendId(node.Type);
                Leaves.Add(Evaluate(node));
                return node;
            }
            if (node is MemberExpression or ConstantExpression { Value: IQueryable } && CapturedQueries.Resolve(node) is { } inlined)
            {
                Visit(inlined);
                return node;
            }
            Key.Append('(').Append((char)node.NodeType);
            AppendId(node.Type);
            switch (node)
            {
                case ConstantExpression { Value: IQueryable query }:
                    // A source's root is structure: the plan scans that source (this provider's, or another one's by id).
                    if (ReferenceEquals(query.Provider, provider)) Key.Append('R');
                    else
                    {
                        Key.Append('Q');
                        AppendNumber(((PythonQueryProvider)query.Provider).Id);
                    }
                    break;
                case MemberExpression member when typeof(IQueryable).IsAssignableFrom(member.Type):
                    Cacheable = false;
                    break;
                case ParameterExpression parameter:
                    if (!_parameters.TryGetValue(parameter, out var index)) _parameters[parameter] = index = _parameters.Count;
                    Key.Append(parameter.IsByRef ? 'r' : 'a');
                    AppendNumber(index);
                    break;
                case MethodCallExpression call:
                    Key.Append('m');
                    AppendId(call.Method);
                    break;
                case MemberExpression member:
                    Key.Append('f');
                    AppendId(member.Member);
                    break;
                case UnaryExpression unary when unary.Method is not null:
                    Key.Append('m');
                    AppendId(unary.Method);
                    break;
                case BinaryExpression binary:
                    if (binary.Method is not null)
                    {
                        Key.Append('m');
                        AppendId(binary.Method);
                    }
                    if (binary.IsLiftedToNull) Key.Append('l');
                    break;
                case NewExpression created when created.Constructor is not null:
                    Key.Append('c');
                    AppendId(created.Constructor);
                    break;
                case TypeBinaryExpression typeBinary:
                    Key.Append('t');
                    AppendId(typeBinary.TypeOperand);
                    break;
                case IndexExpression indexer when indexer.Indexer is not null:
                    Key.Append('i');
                    AppendId(indexer.Indexer);
                    break;
                case LambdaExpression or UnaryExpression or NewExpression or ConditionalExpression or InvocationExpression
                    or NewArrayExpression or MemberInitExpression or ListInitExpression or DefaultExpression or IndexExpression:
                    break;
                default:
                    // Blocks, loops, assignments…: not produced by C# query lambdas; run such queries uncached.
                    Cacheable = false;
                    break;
            }
            var result = base.Visit(node);
            Key.Append(')');
            return result;
        }

        protected override MemberAssignment VisitMemberAssignment(MemberAssignment node)
        {
            Key.Append('=');
            AppendId(node.Member);
            return base.VisitMemberAssignment(node);
        }

        protected override MemberMemberBinding VisitMemberMemberBinding(MemberMemberBinding node)
        {
            Key.Append('{');
            AppendId(node.Member);
            return base.VisitMemberMemberBinding(node);
        }

        protected override MemberListBinding VisitMemberListBinding(MemberListBinding node)
        {
            Key.Append('[');
            AppendId(node.Member);
            return base.VisitMemberListBinding(node);
        }

        protected override ElementInit VisitElementInit(ElementInit node)
        {
            Key.Append('+');
            AppendId(node.AddMethod);
            return base.VisitElementInit(node);
        }
    }
}
