using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

namespace Linq2PyArrow.Benchmarks;

/// <summary>
/// BenchmarkDotNet entry point: every benchmark class in this assembly, chosen with the usual BenchmarkDotNet
/// arguments (--filter '*Gil*', --list flat, --inProcess, ...).
/// <c>--smoke</c> runs each selected benchmark once, in process, with a dry job: a quick check (seconds) that
/// every benchmark still runs, for CI and after refactorings. Its numbers mean nothing.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var smoke = args.Contains("--smoke");
        args = args.Where(a => a != "--smoke").ToArray();
        IConfig config = DefaultConfig.Instance;
        if (smoke)
        {
            // Shrinks every data set; set before any benchmark type is touched (and inherited by child processes).
            Environment.SetEnvironmentVariable(Infrastructure.BenchData.SmokeVariable, "1");
            config = DefaultConfig.Instance
                .AddJob(Job.Dry.WithToolchain(InProcessNoEmitToolchain.Instance).WithId("smoke"))
                .WithOptions(ConfigOptions.DisableOptimizationsValidator);
            // Without a filter BenchmarkSwitcher asks interactively; a smoke run means all of them.
            if (!args.Any(a => a is "--filter" or "-f")) args = [.. args, "--filter", "*"];
        }
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        // Non-zero when a benchmark failed to run, so a smoke run can gate CI.
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
