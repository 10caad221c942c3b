using ScottPlot;

namespace RegBench.Reporting.Figures;

/// <summary>
/// Hess &amp; Hutchison's spectral-norm figure: per architecture, σ₁ of every weight layer over epochs, one panel per
/// regularizer (shared y axis), darker lines for earlier layers; seed mean.
/// </summary>
public sealed class LayerSigmaFigure : IFigureSet
{
    /// <inheritdoc />
    public IReadOnlyList<ReportFigure> Render(ReportData data, string reportDirectory)
    {
        var figures = new List<ReportFigure>();
        foreach (var group in data.Groups)
        {
            var perRegularizer = group.Regularizers.Select(r => (r.Regularizer, Layers: Series.PerLayer(data, r, l => l.SigmaMax))).Where(r => r.Layers.Count > 0).ToList();
            if (perRegularizer.Count == 0) continue;
            var multiplot = FigureStyle.Grid(perRegularizer.Count, 3, out var rows, out var cols);
            var top = perRegularizer.SelectMany(r => r.Layers).SelectMany(l => l.Values).Max();
            for (var i = 0; i < perRegularizer.Count; i++)
            {
                var plot = multiplot.GetPlot(i);
                var layers = perRegularizer[i].Layers;
                for (var k = 0; k < layers.Count; k++)
                {
                    var line = plot.Add.ScatterLine(layers[k].Epochs, layers[k].Values, FigureStyle.Layer(k, layers.Count));
                    line.LineWidth = 2;
                    line.MarkerSize = layers[k].Epochs.Length <= 20 ? 4 : 0;
                    line.LegendText = layers[k].Layer;
                }
                FigureStyle.Label(plot, perRegularizer[i].Regularizer, "Epoch", "σ₁ (spectral norm)");
                plot.Axes.SetLimitsY(0, top * 1.08);
                if (layers.Count <= 12) FigureStyle.LegendOutside(plot);
            }
            var (absolute, relative) = FigureStyle.PathOf(reportDirectory, $"{FigureStyle.Slug(group.Label)}-sigma-per-layer");
            multiplot.SavePng(absolute, cols * (FigureStyle.PanelWidth + 110), rows * FigureStyle.PanelHeight);
            figures.Add(new ReportFigure("Spectral norms", relative, $"{group.Label}: σ₁ per layer",
                "Largest singular value σ₁ of each weight layer per epoch, one panel per regularizer (same y axis); darker lines are earlier layers; mean over seeds."));
        }
        return figures;
    }
}
