namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>Records every report synchronously; Progress&lt;T&gt; would post to the thread pool and race the assertions.</summary>
internal sealed class ProgressLog : IProgress<ScanProgress>
{
    private readonly Lock _gate = new();
    private readonly List<ScanProgress> _reports = [];

    public IReadOnlyList<ScanProgress> Reports
    {
        get { lock (_gate) return [.. _reports]; }
    }

    public void Report(ScanProgress value)
    {
        lock (_gate) _reports.Add(value);
    }
}
