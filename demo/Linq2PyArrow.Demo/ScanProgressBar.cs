using Spectre.Console;

namespace Linq2PyArrow.Demo;

/// <summary>
/// Renders the library's scan progress (PythonSourceSettings.Progress) as a Spectre.Console progress bar:
/// partitions done out of planned, with rows and batches received so far. Without a terminal (CI, pipes)
/// Spectre prints plain progress lines instead of redrawing.
/// </summary>
internal static class ScanProgressBar
{
    public static T Run<T>(string title, PythonSourceSettings settings, Func<PythonSourceSettings, T> query)
    {
        var partitions = 0;
        var result = AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: 1);
                var reporter = new Reporter(task, title);
                var result = query(settings with { Progress = reporter });
                partitions = reporter.Finish();
                return result;
            });
        // Without a terminal Spectre only prints at 25% milestones once a second: say how the scan ended.
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            AnsiConsole.MarkupLineInterpolated($"[grey]{title}: {partitions}/{partitions} partitions read[/]");
        return result;
    }

    /// <summary>Called on the scan's worker threads; reports may arrive out of order, so only progress forward is shown.</summary>
    private sealed class Reporter(ProgressTask task, string title) : IProgress<ScanProgress>
    {
        private readonly Lock _gate = new();
        private ScanProgress _shown;

        public void Report(ScanProgress value)
        {
            lock (_gate)
            {
                if (value.Rows < _shown.Rows || value.PartitionsCompleted < _shown.PartitionsCompleted) return;
                _shown = value;
                task.MaxValue = Math.Max(1, value.PartitionsTotal);
                task.Value = value.PartitionsCompleted;
                task.Description = Describe(value);
            }
        }

        /// <summary>
        /// The query has returned, so every partition was read; the scan's last reports can still be in flight
        /// (they race the consumer), so the final line shows partitions only, not possibly stale row counts.
        /// </summary>
        public int Finish()
        {
            lock (_gate)
            {
                task.Description = $"{Markup.Escape(title)}: {_shown.PartitionsTotal}/{_shown.PartitionsTotal} partitions read";
                task.Value = task.MaxValue;
                task.StopTask();
                return _shown.PartitionsTotal;
            }
        }

        private string Describe(ScanProgress p) =>
            $"{Markup.Escape(title)}: {p.PartitionsCompleted}/{p.PartitionsTotal} partitions, {p.Rows:N0} rows in {p.Batches:N0} batches";
    }
}
