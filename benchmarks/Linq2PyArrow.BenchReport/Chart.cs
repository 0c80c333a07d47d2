using System.Globalization;
using ScottPlot;

namespace Linq2PyArrow.BenchReport;

/// <summary>
/// One horizontal bar chart: how many times longer the alternative takes than the Linq2PyArrow path
/// (log scale; right of 1 = Linq2PyArrow is faster), with each target as a marker.
/// </summary>
internal static class Chart
{
    public static void Draw(IReadOnlyList<Comparison> comparisons, Results results, string path)
    {
        var shown = comparisons.Where(c => c.ChartLabel.Length > 0 && c.Value is > 0).ToList();
        var jdbc = results.Mean("PostgresBenchmarks", "Jdbc");
        var npgsql = results.Mean("PostgresBenchmarks", "Npgsql");
        // A "≤ N×" target (ours ÷ the reference) is drawn inverted, as the reference's time ÷ ours against 1/N.
        var items = shown.Select(c => c.Target.StartsWith("≤ ", StringComparison.Ordinal)
            ? (c.ChartLabel, 1 / c.Value!.Value, 1 / Parse(c.Target))
            : (c.ChartLabel, c.Value!.Value, Target(c.Target))).ToList();
        if (jdbc is > 0 && npgsql is > 0) items.Add(("db: Npgsql vs jdbc source", npgsql.Value / jdbc.Value, (double?)null));

        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < items.Count; i++)
        {
            var (_, value, target) = items[i];
            var met = target is null || value >= target;
            bars.Add(new Bar
            {
                Position = i, Value = Math.Log10(value), ValueBase = 0,
                FillColor = met ? Colors.SteelBlue : Colors.OrangeRed,
                Label = value.ToString(value >= 10 ? "0" : "0.00", CultureInfo.InvariantCulture) + "×",
            });
            if (target is { } t)
            {
                var marker = plot.Add.Marker(Math.Log10(t), i, MarkerShape.VerticalBar, 18, Colors.Black);
                marker.LegendText = i == items.FindIndex(x => x.Item3 is not null) ? "target" : "";
            }
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 13;

        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, items.Count).Select(i => (double)i)], [.. items.Select(x => x.Item1)]);
        double[] decades = [0.1, 0.3, 1, 3, 10, 30, 100, 300];
        plot.Axes.Bottom.SetTicks([.. decades.Select(Math.Log10)], [.. decades.Select(d => d.ToString(CultureInfo.InvariantCulture) + "×")]);
        plot.Add.VerticalLine(0, 1, Colors.Gray);
        plot.Axes.SetLimitsX(Math.Log10(0.1), Math.Log10(300));
        plot.Title("Alternative's time ÷ Linq2PyArrow's time (log scale; > 1× = Linq2PyArrow faster)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 1100, 160 + 55 * items.Count);
    }

    private static double? Target(string target) => target.StartsWith("≥ ", StringComparison.Ordinal) ? Parse(target) : null;

    private static double Parse(string target) => double.Parse(target[2..].TrimEnd('×'), CultureInfo.InvariantCulture);
}
