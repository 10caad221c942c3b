using RegBench.Results;
using ScottPlot;

namespace RegBench.Reporting.Figures;

/// <summary>Per architecture: stable rank ‖W‖F²/σ₁² and effective rank exp(H(σ/Σσ)) of each layer over epochs; one row of panels per regularizer.</summary>
public sealed class RankFigure : IFigureSet
{
    /// <inheritdoc />
    public IReadOnlyList<ReportFigure> Render(ReportData data, string reportDirectory)
    {
        var figures = new List<ReportFigure>();
        foreach (var group in data.Groups)
        {
            var regularizers = group.Regularizers.Where(r => r.Seeds.Any(c => data.Layers(c.Cell.CellId).Count > 0)).ToList();
            if (regularizers.Count == 0) continue;
            var multiplot = FigureStyle.Grid(2 * regularizers.Count, 2, out var rows, out _);
            for (var r = 0; r < regularizers.Count; r++)
            {
                Panel(multiplot.GetPlot(2 * r), Series.PerLayer(data, regularizers[r], l => l.StableRank), $"{regularizers[r].Regularizer}: stable rank", "‖W‖F² / σ₁²");
                Panel(multiplot.GetPlot(2 * r + 1), Series.PerLayer(data, regularizers[r], l => l.EffectiveRank), $"{regularizers[r].Regularizer}: effective rank", "exp(entropy of σ/Σσ)");
            }
            var (absolute, relative) = FigureStyle.PathOf(reportDirectory, $"{FigureStyle.Slug(group.Label)}-ranks");
            multiplot.SavePng(absolute, 2 * (FigureStyle.PanelWidth + 110), rows * FigureStyle.PanelHeight);
            figures.Add(new ReportFigure("Ranks", relative, $"{group.Label}: stable and effective rank",
                "Stable rank (left) and effective rank (right) of each weight layer per epoch, one row per regularizer; darker lines are earlier layers; mean over seeds."));
        }
        return figures;
    }

    private static void Panel(Plot plot, IReadOnlyList<(string Layer, double[] Epochs, double[] Values)> layers, string title, string yLabel)
    {
        for (var k = 0; k < layers.Count; k++)
        {
            var line = plot.Add.ScatterLine(layers[k].Epochs, layers[k].Values, FigureStyle.Layer(k, layers.Count));
            line.LineWidth = 2;
            line.MarkerSize = layers[k].Epochs.Length <= 20 ? 4 : 0;
            line.LegendText = layers[k].Layer;
        }
        FigureStyle.Label(plot, title, "Epoch", yLabel);
        if (layers.Count <= 12) FigureStyle.LegendOutside(plot);
    }
}
