using ScottPlot;

namespace RegBench.Reporting.Figures;

/// <summary>Per architecture: the mean and the standard deviation of σ₁ across layers over epochs, one line per regularizer.</summary>
public sealed class SigmaSpreadFigure : IFigureSet
{
    /// <inheritdoc />
    public IReadOnlyList<ReportFigure> Render(ReportData data, string reportDirectory)
    {
        var figures = new List<ReportFigure>();
        foreach (var group in data.Groups)
        {
            var multiplot = FigureStyle.Grid(2, 2, out _, out _);
            var drawn = false;
            foreach (var (panel, key, title) in new[] { (0, "sigma_max_mean", "Mean of σ₁ across layers"), (1, "sigma_max_std", "Std of σ₁ across layers") })
            {
                var plot = multiplot.GetPlot(panel);
                foreach (var runs in group.Regularizers)
                {
                    var band = Series.OverSeeds(data, runs, e => e.Extra.TryGetValue(key, out var v) ? v : null);
                    if (band.Epochs.Length == 0) continue;
                    var color = FigureStyle.Regularizer(data.Regularizers.ToList().IndexOf(runs.Regularizer));
                    if (runs.Seeds.Count > 1)
                    {
                        var fill = plot.Add.FillY(band.Epochs, band.Low, band.High);
                        fill.FillColor = color.WithAlpha(0.18);
                        fill.LineColor = Colors.Transparent;
                    }
                    var line = plot.Add.ScatterLine(band.Epochs, band.Mean, color);
                    line.LineWidth = 2;
                    line.MarkerSize = band.Epochs.Length <= 20 ? 5 : 0;
                    line.LegendText = runs.Regularizer;
                    drawn = true;
                }
                FigureStyle.Label(plot, title, "Epoch", panel == 0 ? "mean σ₁" : "std of σ₁");
                FigureStyle.Legend(plot, Alignment.UpperLeft);
            }
            if (!drawn) continue;
            var (absolute, relative) = FigureStyle.PathOf(reportDirectory, $"{FigureStyle.Slug(group.Label)}-sigma-spread");
            multiplot.SavePng(absolute, 2 * FigureStyle.PanelWidth + 100, FigureStyle.PanelHeight + 60);
            figures.Add(new ReportFigure("Spectral norms", relative, $"{group.Label}: σ₁ across layers",
                "Mean (left) and standard deviation (right) of σ₁ across the weight layers per epoch; mean over seeds, shaded ± std over seeds."));
        }
        return figures;
    }
}
