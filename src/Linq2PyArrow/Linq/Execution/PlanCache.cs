using System.Collections.Concurrent;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// Translated plans of one source by query shape (<see cref="Parsing.QueryShape"/>). Bounded: a program that
/// builds unboundedly many shapes (queries assembled from user input) would otherwise hold every compiled plan;
/// past the bound the cache starts over, which costs re-translation, never correctness.
/// </summary>
internal sealed class PlanCache
{
    internal const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, QueryPlan> _plans = new(StringComparer.Ordinal);

    public int Count => _plans.Count;

    public bool TryGet(string key, out QueryPlan plan) => _plans.TryGetValue(key, out plan!);

    public void Add(string key, QueryPlan plan)
    {
        if (_plans.Count >= Capacity) _plans.Clear();
        _plans[key] = plan;
    }
}
