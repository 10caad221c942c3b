using RegBench.Results;
using ScottPlot;

namespace RegBench.Reporting.Figures;

/// <summary>
/// Miyato et al. (2018) Figure 3 style: per architecture and chosen epoch (first, middle, last with spectra), the
/// singular values σᵢ/σ₁ of each weight layer (one panel per layer, at most six) against their index, one line per
/// regularizer; seed mean.
/// </summary>
public sealed class SpectrumFigure : IFigureSet
{
    private const int MaxPanels = 6;

    /// <inheritdoc />
    public IReadOnlyList<ReportFigure> Render(ReportData data, string reportDirectory)
    {
        var figures = new List<ReportFigure>();
        foreach (var group in data.Groups)
        {
            var withSpectrum = group.Regularizers.SelectMany(r => r.Seeds).SelectMany(c => data.Layers(c.Cell.CellId)).Where(l => l.Spectrum is { Count: > 0 }).ToList();
            if (withSpectrum.Count == 0) continue;
            var epochs = withSpectrum.Select(l => l.Epoch).Distinct().Order().ToList();
            var layers = withSpectrum.Select(l => l.Layer).Distinct().Order(NaturalOrder.Instance).ToList();
            if (layers.Count > MaxPanels) layers = Enumerable.Range(0, MaxPanels).Select(i => layers[i * (layers.Count - 1) / (MaxPanels - 1)]).ToList();
            foreach (var epoch in new[] { epochs[0], epochs[epochs.Count / 2], epochs[^1] }.Distinct())
                figures.Add(Render(data, group, layers, withSpectrum.Where(l => l.Epoch == epoch).ToList(), epoch, reportDirectory));
        }
        return figures;
    }

    private static ReportFigure Render(ReportData data, ArchitectureGroup group, List<string> layers, List<LayerRecord> rows, int epoch, string directory)
    {
        var multiplot = FigureStyle.Grid(layers.Count, 3, out var gridRows, out var cols);
        var cellRegularizer = group.Regularizers.SelectMany(r => r.Seeds.Select(c => (c.Cell.CellId, r.Regularizer))).ToDictionary(p => p.CellId, p => p.Regularizer);
        for (var i = 0; i < layers.Count; i++)
        {
            var plot = multiplot.GetPlot(i);
            foreach (var runs in group.Regularizers)
            {
                var spectra = rows.Where(l => l.Layer == layers[i] && cellRegularizer[l.CellId] == runs.Regularizer && l.SigmaMax > 0)
                    .Select(l => l.Spectrum!.Select(s => s / l.Spectrum![0]).ToArray()).ToList();
                if (spectra.Count == 0) continue;
                var length = spectra.Min(s => s.Length);
                var mean = Enumerable.Range(0, length).Select(k => spectra.Average(s => s[k])).ToArray();
                var line = plot.Add.ScatterLine(Enumerable.Range(1, length).Select(k => (double)k).ToArray(), mean,
                    FigureStyle.Regularizer(data.Regularizers.ToList().IndexOf(runs.Regularizer)));
                line.LineWidth = 2;
                line.MarkerSize = 0;
                line.LegendText = runs.Regularizer;
            }
            FigureStyle.Label(plot, $"{layers[i]} (epoch {epoch})", "Index i of singular value", "σᵢ / σ₁");
            plot.Axes.SetLimitsY(0, 1.05);
            FigureStyle.Legend(plot, Alignment.UpperRight);
        }
        var (absolute, relative) = FigureStyle.PathOf(directory, $"{FigureStyle.Slug(group.Label)}-spectrum-epoch-{epoch}");
        multiplot.SavePng(absolute, cols * FigureStyle.PanelWidth, gridRows * FigureStyle.PanelHeight);
        return new ReportFigure("Singular-value spectra", relative, $"{group.Label}: spectra at epoch {epoch}",
            $"Singular values of each weight layer divided by σ₁, in descending order, at epoch {epoch} (Miyato et al. Figure 3 style); one line per regularizer, mean over seeds.");
    }
}
