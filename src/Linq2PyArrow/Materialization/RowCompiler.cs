using System.Collections.Concurrent;
using System.Linq.Expressions;
using Apache.Arrow;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Materialization.Readers;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Materialization;

/// <summary>
/// Compiles lambdas over the row type into loops over a batch's columns: each member access becomes a typed
/// reader call (raw pointers for flat types, inlined by the JIT), so filters and projections run without
/// building the row objects they don't need. Compiled once per batch shape (the actual Arrow types of the
/// columns used, which may vary within a type family between batches) and cached. A lambda may read
/// per-execution values from an object[] parameter (<c>(T)parameters[i]</c>); each is unboxed once per batch.
/// </summary>
internal sealed class RowCompiler(RowBinding binding, string sourceName, IReadOnlyList<string> scanColumns)
{
    private readonly string _sourceName = sourceName;
    private readonly Dictionary<string, int> _ordinals = scanColumns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);

    public RowBinding Binding => binding;

    /// <summary>A projector for <paramref name="selector"/> (use <see cref="Identity"/> for whole rows).</summary>
    /// <param name="selector">A lambda over the row type.</param>
    /// <param name="parameters">The object[] the lambda reads per-execution values from, if any.</param>
    public BatchProjector<TResult> Projector<TResult>(LambdaExpression selector, ParameterExpression? parameters = null) =>
        new(this, selector, parameters ?? NoParameters);

    public BatchFilter Filter(LambdaExpression predicate, ParameterExpression? parameters = null) => new(this, predicate, parameters ?? NoParameters);

    private static readonly ParameterExpression NoParameters = Expression.Parameter(typeof(object[]), "parameters");

    /// <summary>r => r: materializes whole rows.</summary>
    public LambdaExpression Identity()
    {
        var row = Expression.Parameter(binding.RowType, "row");
        return Expression.Lambda(row, row);
    }

    /// <summary>Writes the projections of rows <c>selection[k]</c> (or <c>k</c>) for k in [start, end) to output[outputStart + k - start].</summary>
    internal delegate void ProjectLoop<TResult>(ScanBatch batch, int[]? selection, int start, int end, TResult[] output, int outputStart, object?[]? parameters);
    internal delegate int FilterLoop(ScanBatch batch, int[] selection, object?[]? parameters);

    internal ProjectLoop<TResult> CompileProjector<TResult>(LambdaExpression selector, ParameterExpression parameters, ScanBatch batch)
    {
        var scope = new LoopScope(this, selector.Parameters[0], parameters, batch);
        var body = scope.Rewrite(selector.Body);
        if (body.Type != typeof(TResult)) body = Expression.Convert(body, typeof(TResult));
        var selection = Expression.Parameter(typeof(int[]), "selection");
        var start = Expression.Parameter(typeof(int), "start");
        var stop = Expression.Parameter(typeof(int), "end");
        var output = Expression.Parameter(typeof(TResult[]), "output");
        var outputStart = Expression.Parameter(typeof(int), "outputStart");
        var k = Expression.Variable(typeof(int), "k");
        var slot = Expression.Variable(typeof(int), "slot");
        var end = Expression.Label("end");
        // Into an array rather than a List: no Add call, and for a sealed row type the JIT drops the covariant store check.
        var loop = Expression.Block([k, slot],
            Expression.Assign(k, start),
            Expression.Assign(slot, outputStart),
            Expression.Loop(Expression.Block(
                Expression.IfThen(Expression.GreaterThanOrEqual(k, stop), Expression.Break(end)),
                Expression.Assign(scope.Index, Expression.Condition(Expression.Equal(selection, Expression.Constant(null, typeof(int[]))), k, Expression.ArrayIndex(selection, k))),
                Expression.Assign(Expression.ArrayAccess(output, Expression.PostIncrementAssign(slot)), body),
                Expression.PostIncrementAssign(k)), end));
        return Expression.Lambda<ProjectLoop<TResult>>(scope.Wrap(loop), scope.Batch, selection, start, stop, output, outputStart, parameters).Compile();
    }

    internal FilterLoop CompileFilter(LambdaExpression predicate, ParameterExpression parameters, ScanBatch batch)
    {
        var scope = new LoopScope(this, predicate.Parameters[0], parameters, batch);
        var test = scope.Rewrite(predicate.Body);
        var selection = Expression.Parameter(typeof(int[]), "selection");
        var length = Expression.Variable(typeof(int), "length");
        var selected = Expression.Variable(typeof(int), "selected");
        var end = Expression.Label("end");
        var loop = Expression.Block([length, selected],
            Expression.Assign(length, Expression.Property(scope.Batch, nameof(ScanBatch.Length))),
            Expression.Assign(selected, Expression.Constant(0)),
            Expression.Assign(scope.Index, Expression.Constant(0)),
            Expression.Loop(Expression.Block(
                Expression.IfThen(Expression.GreaterThanOrEqual(scope.Index, length), Expression.Break(end)),
                Expression.IfThen(test, Expression.Assign(Expression.ArrayAccess(selection, Expression.PostIncrementAssign(selected)), scope.Index)),
                Expression.PostIncrementAssign(scope.Index)), end),
            selected);
        return Expression.Lambda<FilterLoop>(scope.Wrap(loop), scope.Batch, selection, parameters).Compile();
    }

    /// <summary>The shape key of a batch for a lambda: the actual types of the scan's columns.</summary>
    internal static string ShapeOf(ScanBatch batch, int columns)
    {
        var parts = new string[columns];
        for (var i = 0; i < columns; i++) parts[i] = ReaderCatalog.ArrowTypeKey(batch.Column(i).Data.DataType);
        return string.Join("|", parts);
    }

    internal int ColumnCount => _ordinals.Count;

    /// <summary>Reader variables for one compiled loop, created once per batch at the top of the loop.</summary>
    private sealed class LoopScope(RowCompiler compiler, ParameterExpression row, ParameterExpression parameters, ScanBatch sample)
    {
        private readonly Dictionary<string, (ParameterExpression Reader, ReaderPlan Plan)> _readers = new();
        private readonly Dictionary<(int, Type), ParameterExpression> _parameterValues = new();
        private readonly List<Expression> _setup = [];

        public ParameterExpression Parameters => parameters;

        public RowBinding Binding => compiler.Binding;
        public ParameterExpression Batch { get; } = Expression.Parameter(typeof(ScanBatch), "batch");
        public ParameterExpression Index { get; } = Expression.Variable(typeof(int), "i");

        public Expression Rewrite(Expression body)
        {
            var rewriter = new Rewriter(this, row);
            var rewritten = rewriter.Visit(body);
            if (!rewriter.UsesWholeRow) return rewritten;
            var whole = Expression.Variable(row.Type, "row");
            var replaced = new ParameterReplacer(row, whole).Visit(rewritten);
            return Expression.Block(replaced.Type, [whole], Expression.Assign(whole, Construct()), replaced);
        }

        public Expression Wrap(Expression loop) =>
            Expression.Block(loop.Type, _readers.Values.Select(r => r.Reader).Concat(_parameterValues.Values).Append(Index), _setup.Append(loop));

        /// <summary>(T)parameters[index] as a local assigned before the loop.</summary>
        public Expression ParameterValue(int index, Type type)
        {
            if (!_parameterValues.TryGetValue((index, type), out var local))
            {
                local = Expression.Variable(type, "p" + index);
                _setup.Add(Expression.Assign(local, Expression.Convert(Expression.ArrayIndex(parameters, Expression.Constant(index)), type)));
                _parameterValues[(index, type)] = local;
            }
            return local;
        }

        public Expression Read(MemberBinding member)
        {
            if (!_readers.TryGetValue(member.Column, out var entry))
            {
                if (!compiler._ordinals.TryGetValue(member.Column, out var ordinal))
                    throw new InvalidOperationException($"Column '{member.Column}' is not part of this scan.");
                var actual = sample.Column(ordinal).Data.DataType;
                var plan = ReaderCatalog.Plan(actual, member.CoreType) ?? throw new SchemaMismatchException(
                    $"Python data source '{compiler._sourceName}' yielded column '{member.Column}' as {ArrowTypeNames.Describe(actual)}, " +
                    $"which cannot be read as {TypeNames.Of(member.ClrType)} ({member.DisplayName}).",
                    compiler._sourceName, member.Column, TypeNames.Of(member.ClrType), ArrowTypeNames.Describe(actual), sample.PartitionIndex);
                var reader = Expression.Variable(plan.ReaderType, "c_" + member.Column);
                var context = Expression.New(typeof(ColumnContext).GetConstructors()[0],
                    Expression.Constant(compiler._sourceName), Expression.Constant(member.Column), Expression.Constant(member.DisplayName),
                    Expression.Constant(TypeNames.Of(member.ClrType)),
                    Expression.Property(Batch, nameof(ScanBatch.PartitionIndex)), Expression.Property(Batch, nameof(ScanBatch.FirstRow)));
                var array = Expression.Call(Batch, typeof(ScanBatch).GetMethod(nameof(ScanBatch.Column))!, Expression.Constant(ordinal));
                _setup.Add(Expression.Assign(reader, plan.NewReader(array, context)));
                entry = (reader, plan);
                _readers[member.Column] = entry;
            }
            var nullable = Nullable.GetUnderlyingType(member.ClrType) is not null || (!member.ClrType.IsValueType && !member.Required);
            var value = Expression.Call(entry.Reader, entry.Plan.ReaderType.GetMethod(nullable ? "GetNullable" : "Get")!, Index);
            return value.Type == member.ClrType ? value : Expression.Convert(value, member.ClrType);
        }

        /// <summary>new T(args) { members } from the readers.</summary>
        public Expression Construct()
        {
            var binding = compiler.Binding;
            var arguments = binding.ConstructorArguments.Select(Read).ToList();
            var created = binding.Constructor is null ? Expression.New(binding.RowType) : Expression.New(binding.Constructor, arguments);
            var assignments = binding.Assignments.Select(m => (System.Linq.Expressions.MemberBinding)Expression.Bind(m.Member!, Read(m))).ToList();
            return assignments.Count == 0 ? created : Expression.MemberInit(created, assignments);
        }
    }

    private sealed class Rewriter(LoopScope scope, ParameterExpression row) : ExpressionVisitor
    {
        public bool UsesWholeRow { get; private set; }

        protected override Expression VisitUnary(UnaryExpression node)
        {
            if (node is { NodeType: ExpressionType.Convert, Method: null, Operand: BinaryExpression { NodeType: ExpressionType.ArrayIndex, Right: ConstantExpression { Value: int index } } read }
                && read.Left == scope.Parameters)
                return scope.ParameterValue(index, node.Type);
            return base.VisitUnary(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression == row && scope.Binding.Find(node.Member) is { } member) return scope.Read(member);
            return base.VisitMember(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (node == row) UsesWholeRow = true;
            return node;
        }
    }

    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <summary>A compiled projection over batches (rows, anonymous types, computed values), cached per batch shape.</summary>
internal sealed class BatchProjector<TResult>(RowCompiler compiler, LambdaExpression selector, ParameterExpression parametersParameter)
{
    private readonly ShapeCache<RowCompiler.ProjectLoop<TResult>> _loops = new(compiler.ColumnCount);

    /// <summary>
    /// Writes the projections of the selected rows <paramref name="start"/> to <paramref name="end"/> (positions in
    /// <paramref name="selection"/>, or row numbers when it is null) to <paramref name="output"/> from <paramref name="outputStart"/> on.
    /// </summary>
    public void Project(ScanBatch batch, int[]? selection, int start, int end, TResult[] output, object?[]? parameters = null, int outputStart = 0) =>
        _loops.Get(batch, b => compiler.CompileProjector<TResult>(selector, parametersParameter, b))(batch, selection, start, end, output, outputStart, parameters);
}

/// <summary>A compiled predicate over batches, producing a selection vector of matching row indices.</summary>
internal sealed class BatchFilter(RowCompiler compiler, LambdaExpression predicate, ParameterExpression parametersParameter)
{
    private readonly ShapeCache<RowCompiler.FilterLoop> _loops = new(compiler.ColumnCount);

    public LambdaExpression Predicate => predicate;

    /// <summary>Writes the indices of matching rows into selection (length ≥ batch length); returns their count.</summary>
    public int Select(ScanBatch batch, int[] selection, object?[]? parameters = null) =>
        _loops.Get(batch, b => compiler.CompileFilter(predicate, parametersParameter, b))(batch, selection, parameters);
}

/// <summary>
/// Compiled loops per batch shape. Producers usually repeat the same Arrow type objects batch after batch, so the
/// last shape is recognized by reference first, without building the shape key (no allocation per batch).
/// </summary>
internal sealed class ShapeCache<TLoop>(int columns) where TLoop : class
{
    private readonly ConcurrentDictionary<string, TLoop> _loops = new();
    private volatile Last? _last;

    public TLoop Get(ScanBatch batch, Func<ScanBatch, TLoop> compile)
    {
        var last = _last;
        if (last is not null && last.Matches(batch)) return last.Loop;
        var loop = _loops.GetOrAdd(RowCompiler.ShapeOf(batch, columns), _ => compile(batch));
        var types = new Apache.Arrow.Types.IArrowType[columns];
        for (var i = 0; i < columns; i++) types[i] = batch.Column(i).Data.DataType;
        _last = new Last(types, loop);
        return loop;
    }

    private sealed class Last(Apache.Arrow.Types.IArrowType[] types, TLoop loop)
    {
        public TLoop Loop { get; } = loop;

        public bool Matches(ScanBatch batch)
        {
            for (var i = 0; i < types.Length; i++)
                if (!ReferenceEquals(types[i], batch.Column(i).Data.DataType)) return false;
            return true;
        }
    }
}
