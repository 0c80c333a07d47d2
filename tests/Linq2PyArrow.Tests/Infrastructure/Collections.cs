namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>Tests that read process-wide state (the producer's export counters, the GIL, memory): they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExclusiveCollection
{
    public const string Name = "Exclusive (process-wide counters, GIL, memory)";
}

/// <summary>
/// Binding tests that read process-wide counters (live thread states, queued decrefs, Python memory) run in
/// this collection, which xunit runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialBindingCollection
{
    public const string Name = "Binding (serial)";
}
