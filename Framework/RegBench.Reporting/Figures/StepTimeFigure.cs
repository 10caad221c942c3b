using System.Globalization;
using ScottPlot;

namespace RegBench.Reporting.Figures;

/// <summary>Per architecture: the median training-step time of each regularizer (bars), labelled with its ratio to `none`.</summary>
public sealed class StepTimeFigure : IFigureSet
{
    /// <inheritdoc />
    public IReadOnlyList<ReportFigure> Render(ReportData data, string reportDirectory)
    {
        if (data.Groups.Count == 0) return [];
        var multiplot = FigureStyle.Grid(data.Groups.Count, 1, out var rows, out _);
        for (var g = 0; g < data.Groups.Count; g++)
        {
            var group = data.Groups[g];
            var times = group.Regularizers.Select(r => (r.Regularizer, Milliseconds: r.Seeds.Average(c => Median(data.Epochs(c.Cell.CellId).Select(e => e.StepMillisecondsMedian))))).ToList();
            var baseline = times.FirstOrDefault(t => t.Regularizer == "none").Milliseconds;
            var plot = multiplot.GetPlot(g);
            var bars = times.Select((t, i) => new Bar
            {
                Position = i, Value = t.Milliseconds, FillColor = FigureStyle.Regularizer(data.Regularizers.ToList().IndexOf(t.Regularizer)),
                Label = t.Milliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms" + (baseline > 0 ? $" (×{(t.Milliseconds / baseline).ToString("F2", CultureInfo.InvariantCulture)})" : ""),
            }).ToList();
            var plottable = plot.Add.Bars(bars);
            plottable.ValueLabelStyle.FontSize = 13;
            plot.Axes.Bottom.SetTicks(times.Select((_, i) => (double)i).ToArray(), times.Select(t => t.Regularizer).ToArray());
            plot.Axes.Margins(bottom: 0, top: 0.2);
            FigureStyle.Label(plot, $"Step time: {group.Label}", "Regularizer" + (baseline > 0 ? " (label: ratio to none)" : ""), "Median step time (ms)");
        }
        var (absolute, relative) = FigureStyle.PathOf(reportDirectory, "step-time");
        multiplot.SavePng(absolute, Math.Max(FigureStyle.Width + 200, 130 * data.Regularizers.Count + 200), rows * (FigureStyle.PanelHeight + 40));
        return [new ReportFigure("Step time", relative, "Training-step time per regularizer",
            "Median time of one training step (median over epochs of each epoch's median, mean over seeds); the label gives the ratio to `none` on the same architecture.")];
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
