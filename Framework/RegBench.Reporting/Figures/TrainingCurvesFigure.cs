using RegBench.Results;
using ScottPlot;

namespace RegBench.Reporting.Figures;

/// <summary>
/// Hess &amp; Hutchison's training curves: per architecture, train (dashed) and test (solid) accuracy and loss over
/// epochs, one color per regularizer, mean over seeds with a shaded ± std band.
/// </summary>
public sealed class TrainingCurvesFigure : IFigureSet
{
    /// <inheritdoc />
    public IReadOnlyList<ReportFigure> Render(ReportData data, string reportDirectory)
    {
        var figures = new List<ReportFigure>();
        foreach (var group in data.Groups)
        {
            figures.Add(Curves(data, group, reportDirectory, "accuracy", "Accuracy (%)", 100, e => e.TrainAccuracy, e => e.TestAccuracy));
            figures.Add(Curves(data, group, reportDirectory, "loss", "Cross-entropy loss", 1, e => e.TrainLoss, e => e.TestLoss));
        }
        return figures;
    }

    private static ReportFigure Curves(ReportData data, ArchitectureGroup group, string directory, string metric, string yLabel, double scale,
        Func<EpochRecord, double> train, Func<EpochRecord, double> test)
    {
        var plot = new Plot();
        foreach (var runs in group.Regularizers)
        {
            var color = FigureStyle.Regularizer(data.Regularizers.ToList().IndexOf(runs.Regularizer));
            foreach (var (split, metricOf, pattern) in new[] { ("test", (Func<EpochRecord, double>)test, LinePattern.Solid), ("train", train, LinePattern.Dashed) })
            {
                var band = Series.OverSeeds(data, runs, e => metricOf(e) * scale);
                if (band.Epochs.Length == 0) continue;
                if (runs.Seeds.Count > 1)
                {
                    var fill = plot.Add.FillY(band.Epochs, band.Low, band.High);
                    fill.FillColor = color.WithAlpha(0.18);
                    fill.LineColor = Colors.Transparent;
                }
                var line = plot.Add.ScatterLine(band.Epochs, band.Mean, color);
                line.LineWidth = 2;
                line.LinePattern = pattern;
                line.MarkerSize = band.Epochs.Length <= 20 ? 5 : 0;
                line.LegendText = $"{runs.Regularizer} ({split})";
            }
        }
        var name = $"{FigureStyle.Slug(group.Label)}-{metric}";
        FigureStyle.Label(plot, $"{group.Label}: train and test {metric}", "Epoch", yLabel);
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 13;
        var (absolute, relative) = FigureStyle.PathOf(directory, name);
        plot.SavePng(absolute, FigureStyle.Width + 260, FigureStyle.Height);
        return new ReportFigure("Training curves", relative, $"{group.Label}: {metric}",
            $"Train (dashed) and test (solid) {metric} per epoch; mean over seeds, shaded ± std over seeds.");
    }
}
