using System.Diagnostics;
using System.Text.Json;

namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>
/// A test that needs Dask.distributed in the test Python. Skipped, with the package to install, where it is missing
/// (pyenv builds); ./build.sh test installs Debian's python3-distributed, so in CI these tests run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DaskFactAttribute : FactAttribute
{
    public DaskFactAttribute()
    {
        if (!DaskCluster.Available)
            Skip = $"Python module distributed is not importable in the test Python ({PythonModules.Executable}), so the Dask " +
                   "tests did not run. Install it (Debian: apt-get install python3-distributed, for /usr/bin/python3; " +
                   "./build.sh test does this) and run the tests with that Python.";
    }
}

/// <summary>
/// A real Dask cluster on loopback for the tests: a dask-scheduler and worker processes (no nanny, one thread each) of
/// the test Python, on random ports. The workers' PYTHONPATH holds only copies of the test sources, so linq2pyarrow
/// reaches them the way it reaches any cluster that lacks it: uploaded by the driver. Each process exits when the
/// test process goes (its stdin closes: see dask_launch.py). Logs are kept under the temp folder for diagnosis.
/// </summary>
public class DaskCluster : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<Process> _workers = [];
    private readonly Process? _scheduler;
    private int _workerCount;

    public static bool Available => PythonModules.IsImportable("distributed");

    public DaskCluster() : this(2)
    {
    }

    protected DaskCluster(int workers)
    {
        Folder = Directory.CreateTempSubdirectory("l2pa-dask-").FullName;
        WorkerPath = Path.Combine(Folder, "sources");
        Directory.CreateDirectory(WorkerPath);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "python"), "*.py"))
            File.Copy(file, Path.Combine(WorkerPath, Path.GetFileName(file)));
        if (!Available) return;
        var schedulerFile = Path.Combine(Folder, "scheduler.json");
        _scheduler = Launch("scheduler", "scheduler",
            ["--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", schedulerFile, "--idle-timeout", "1800"]);
        Address = WaitFor(() => File.Exists(schedulerFile) ? ReadAddress(schedulerFile) : null, "the scheduler to write its address");
        for (var i = 0; i < workers; i++) StartWorker();
        WaitForWorkers(workers);
    }

    /// <summary>tcp://127.0.0.1:port of the scheduler.</summary>
    public string Address { get; } = "";

    /// <summary>Where this cluster's logs, markers and worker sources live.</summary>
    public string Folder { get; }

    /// <summary>The only directory on the workers' PYTHONPATH.</summary>
    public string WorkerPath { get; }

    public PythonSourceSettings Settings => PythonSourceSettings.Default with { DaskScheduler = Address };

    public IReadOnlyList<Process> Workers
    {
        get
        {
            lock (_workers) return [.. _workers.Where(w => !w.HasExited)];
        }
    }

    /// <summary>Starts one more worker (it registers with the scheduler shortly after).</summary>
    public Process StartWorker()
    {
        var index = Interlocked.Increment(ref _workerCount);
        var local = Path.Combine(Folder, $"worker-{index}");
        Directory.CreateDirectory(local);
        var worker = Launch($"worker-{index}", "worker",
            [Address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard", "--local-directory", local,
             "--death-timeout", "60", "--name", $"test-worker-{index}"]);
        lock (_workers) _workers.Add(worker);
        return worker;
    }

    /// <summary>Kills a worker process outright (SIGKILL), as a crash would.</summary>
    public void Kill(Process worker)
    {
        worker.Kill(entireProcessTree: true);
        worker.WaitForExit();
    }

    /// <summary>Waits until the scheduler log shows this many worker registrations in total.</summary>
    public void WaitForWorkers(int registrations) =>
        WaitFor(() => Log("scheduler").Split("Register worker").Length - 1 >= registrations ? "" : null,
            $"{registrations} worker registration(s)");

    public string Log(string name)
    {
        var path = Path.Combine(Folder, name + ".log");
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The tail of every log, for assertion messages.</summary>
    public string Logs() => string.Join("\n", Directory.GetFiles(Folder, "*.log").Select(f =>
    {
        var text = Log(Path.GetFileNameWithoutExtension(f));
        return $"--- {Path.GetFileName(f)}\n{(text.Length > 3000 ? text[^3000..] : text)}";
    }));

    private Process Launch(string name, string role, IEnumerable<string> arguments)
    {
        var log = Path.Combine(Folder, name + ".log");
        var start = new ProcessStartInfo(PythonModules.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "python", "dask_launch.py"));
        start.ArgumentList.Add(role);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PYTHONPATH"] = WorkerPath;
        start.Environment["PYTHONUNBUFFERED"] = "1";
        var process = Process.Start(start)!;
        var writer = new StreamWriter(new FileStream(log, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
        var sync = new Lock();
        void Append(string? line)
        {
            if (line is null) return;
            lock (sync) writer.WriteLine(line);
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string? ReadAddress(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty("address").GetString();
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null; // still being written
        }
    }

    private string WaitFor(Func<string?> probe, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (probe() is { } value) return value;
            if (_scheduler is { HasExited: true })
                throw new InvalidOperationException($"The Dask scheduler exited while waiting for {what}.\n{Logs()}");
            Thread.Sleep(100);
        }
        throw new TimeoutException($"Waited {StartTimeout.TotalSeconds} s for {what}.\n{Logs()}");
    }

    public void Dispose()
    {
        lock (_workers)
        {
            foreach (var worker in _workers) Stop(worker);
        }
        if (_scheduler is not null) Stop(_scheduler);
        GC.SuppressFinalize(this);
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        process.Dispose();
    }
}
