using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources.Dask;

/// <summary>
/// Reads partitions on a Dask cluster (<see cref="PythonSourceSettings.DaskScheduler"/>) through the companion
/// package's <c>linq2pyarrow.dask</c>, which runs in the embedded interpreter: one Dask actor per partition reads it
/// on a worker and streams it back as Arrow IPC, read here in place (<see cref="DaskPartitionReader"/>). The
/// client (and a local cluster) lives in Python, one per scheduler per process.
/// </summary>
internal sealed class DaskExecutor(PythonSourceSettings settings) : IPartitionExecutor
{
    public string Scheduler { get; } = settings.DaskScheduler ?? throw new ArgumentException("No Dask scheduler is set.", nameof(settings));
    public IReadOnlyList<string> UploadFiles { get; } = settings.DaskUploadFiles.Select(Path.GetFullPath).ToList();
    public int ChunkBytes { get; } = settings.DaskChunkBytes;

    public void Read(ParallelScan scan, Partition partition, ParallelScan.WorkerState worker, Func<ScanBatch, bool> deliver,
        CancellationToken cancellation)
    {
        Hosting.PythonNetShutdown.RegisterIfLoaded();
        new DaskPartitionReader(this, scan, partition, worker).Run(deliver, cancellation);
    }

    /// <summary>"tcp://host:port (N workers)", for Explain; connects (or starts the local cluster) if needed.</summary>
    public string Describe()
    {
        using var gil = Gil.Acquire();
        try
        {
            using var module = PythonTypes.Import("linq2pyarrow.dask");
            using var describe = module.GetAttr("describe");
            using var scheduler = PyConvert.FromString(Scheduler);
            using var text = describe.Call(scheduler);
            return text.Str();
        }
        catch (PythonException ex)
        {
            return $"{Scheduler} (not reachable now: {ex.PythonType}: {ex.PythonMessage})";
        }
    }
}
