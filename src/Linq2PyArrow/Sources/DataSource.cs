using System.Text.Json;
using Apache.Arrow;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources;

/// <summary>
/// An opened Python data source: the instance of the user's class, its protocol methods, the keyword hints each
/// accepts, and the schema infer_schema declared. Immutable after Open and shared by every query over it.
/// </summary>
internal sealed partial class DataSource
{
    private readonly PyObject _instance;
    private readonly PyObject _planPartitions;
    private readonly PyObject _readPartition;
    private readonly HashSet<string>? _readHints;      // null: **kwargs, gets every hint
    private readonly bool _planAcceptsFilters;

    private DataSource(string module, string className, IReadOnlyDictionary<string, string> options, SecretMasker masker, Schema schema,
        PyObject instance, PyObject planPartitions, PyObject readPartition, HashSet<string>? readHints, bool planAcceptsFilters)
    {
        Module = module;
        ClassName = className;
        Name = module.Length == 0 ? className : $"{module}.{className}"; // no module: a builtin type (hosted instances)
        Options = options;
        Masker = masker;
        Schema = schema;
        _instance = instance;
        _planPartitions = planPartitions;
        _readPartition = readPartition;
        _readHints = readHints;
        _planAcceptsFilters = planAcceptsFilters;
    }

    /// <summary>module.Class, as messages name the source.</summary>
    public string Name { get; }
    public string Module { get; }
    public string ClassName { get; }
    public IReadOnlyDictionary<string, string> Options { get; }
    public SecretMasker Masker { get; }
    public Schema Schema { get; }

    /// <summary>The batch schemas this source's scans have imported (shared by all its queries and workers).</summary>
    public Arrow.SchemaCache Schemas { get; } = new();

    public bool AcceptsHint(string hint) => _readHints is null || _readHints.Contains(hint);
    public bool PlanAcceptsFilters => _planAcceptsFilters;

    /// <summary>Calls plan_partitions and checks the plan. The GIL is taken here.</summary>
    public unsafe List<Partition> PlanPartitions(FilterDnf? filters)
    {
        using var gil = Gil.Acquire();
        PyObject result;
        try
        {
            using var options = OptionsDict();
            if (filters is not null && _planAcceptsFilters)
            {
                using var pyFilters = ToPython(filters);
                result = _planPartitions.Call([options], [new("filters", pyFilters)]);
            }
            else
            {
                result = _planPartitions.Call(options);
            }
        }
        catch (PythonException ex)
        {
            throw Failure("plan_partitions", ex);
        }
        using (result)
        {
            using var check = HostModule.Get("check_partitions");
            using var problem = check.Call(result);
            if (!problem.IsNone)
                throw Failure("plan_partitions", $"{problem.Str()}. Fix plan_partitions to return e.g. [{{\"page\": 1}}, {{\"page\": 2}}].");
            using var items = PyObject.Steal(Python.CPython.CApi.PySequence_List(result.Handle));
            var specs = (IReadOnlyList<object?>)PyConvert.FromPython(items)!;
            var partitions = new List<Partition>(specs.Count);
            for (var i = 0; i < specs.Count; i++)
            {
                var spec = PyObject.Borrow(Python.CPython.CApi.PyList_GetItem(items.Handle, i));
                var value = specs[i];
                partitions.Add(new Partition(i, spec, () => DisplaySpec(value), () => Masker.With(SpecSecrets(value))));
            }
            return partitions;
        }
    }

    /// <summary>Calls read_partition(spec, options, **hints). The caller holds the GIL.</summary>
    public PyObject ReadPartition(Partition partition, ScanRequest request)
    {
        using var options = OptionsDict();
        var keywords = Hints(request);
        try
        {
            return _readPartition.Call([partition.Spec, options], keywords);
        }
        finally
        {
            foreach (var keyword in keywords) keyword.Value.Dispose();
        }
    }

    /// <summary>The keyword arguments read_partition receives for a request: the hints it declares. GIL held; the caller disposes them.</summary>
    public List<KeyValuePair<string, PyObject>> Hints(ScanRequest request)
    {
        var keywords = new List<KeyValuePair<string, PyObject>>(3);
        try
        {
            if (request.Columns is not null && AcceptsHint("columns"))
                keywords.Add(new("columns", PyConvert.ToPython(request.Columns)));
            if (request.Filters is not null && AcceptsHint("filters"))
                keywords.Add(new("filters", ToPython(request.Filters)));
            if (request.Limit is not null && AcceptsHint("limit"))
                keywords.Add(new("limit", PyConvert.ToPython(request.Limit.Value)));
            return keywords;
        }
        catch
        {
            foreach (var keyword in keywords) keyword.Value.Dispose();
            throw;
        }
    }

    /// <summary>A fresh dict per call, so a source that mutates its options cannot affect later calls.</summary>
    public PyObject OptionsDict() => PyConvert.StringDictionary(Options);

    private static PyObject ToPython(FilterDnf filters)
    {
        var disjuncts = new List<PyObject>();
        try
        {
            foreach (var conjunction in filters.Disjuncts)
            {
                var terms = new List<PyObject>();
                try
                {
                    foreach (var term in conjunction)
                    {
                        using var column = PyConvert.FromString(term.Column);
                        using var op = PyConvert.FromString(term.Op);
                        using var value = PyConvert.ToPython(term.Value);
                        terms.Add(PyConvert.Tuple([column, op, value]));
                    }
                    disjuncts.Add(PyConvert.ToPython(terms));
                }
                finally
                {
                    foreach (var t in terms) t.Dispose();
                }
            }
            return PyConvert.ToPython(disjuncts);
        }
        finally
        {
            foreach (var d in disjuncts) d.Dispose();
        }
    }

    internal string DisplaySpec(object? spec) => JsonSerializer.Serialize(MaskSpec(spec));

    /// <summary>Values under secret-looking keys anywhere in a spec, so Python messages quoting them are masked too.</summary>
    private static IEnumerable<string> SpecSecrets(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.SelectMany(e =>
            SecretMasker.IsSecretKey(e.Key) && e.Value is string or long or int or double ? [Convert.ToString(e.Value, System.Globalization.CultureInfo.InvariantCulture)!]
            : SpecSecrets(e.Value)),
        IReadOnlyList<object?> list => list.SelectMany(SpecSecrets),
        _ => [],
    };

    private object? MaskSpec(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(
            e => e.Key, e => SecretMasker.IsSecretKey(e.Key) && e.Value is not null ? SecretMasker.Mask : MaskSpec(e.Value)),
        IReadOnlyList<object?> list => list.Select(MaskSpec).ToList(),
        string text => Masker.Apply(text),
        _ => value,
    };

    internal PythonDataSourceException Failure(string operation, PythonException python, Partition? partition = null)
    {
        var masker = partition?.Masker ?? Masker;
        return new(Name, operation, masker.Apply($"{python.PythonType}: {python.PythonMessage}"), partition?.Index, partition?.DisplaySpec,
            new PythonException(python.PythonType, masker.Apply(python.PythonMessage), masker.Apply(python.PythonTraceback)));
    }

    internal PythonDataSourceException Failure(string operation, string problem, Partition? partition = null) =>
        new(Name, operation, (partition?.Masker ?? Masker).Apply(problem), partition?.Index, partition?.DisplaySpec);

}
