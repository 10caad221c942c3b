using ScottPlot;

namespace RegBench.Reporting.Figures;

/// <summary>
/// McGill Figure 1: generalization gap (train − test accuracy at the final epoch) against input-gradient sensitivity
/// (mean ‖∇ₓL‖₂ on test examples at the final epoch), one point per cell; color = regularizer, marker = architecture.
/// </summary>
public sealed class GapSensitivityFigure : IFigureSet
{
    private static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown, MarkerShape.OpenCircle];

    /// <inheritdoc />
    public IReadOnlyList<ReportFigure> Render(ReportData data, string reportDirectory)
    {
        var plot = new Plot();
        var points = 0;
        for (var g = 0; g < data.Groups.Count; g++)
            foreach (var runs in data.Groups[g].Regularizers)
            {
                var finals = runs.Seeds.Select(data.Final).Where(e => e.Sensitivity is { } s && double.IsFinite(s)).ToList();
                if (finals.Count == 0) continue;
                var markers = plot.Add.Markers(finals.Select(e => e.Sensitivity!.Value).ToArray(), finals.Select(e => e.TrainAccuracy - e.TestAccuracy).ToArray(),
                    Shapes[g % Shapes.Length], 11, FigureStyle.Regularizer(data.Regularizers.ToList().IndexOf(runs.Regularizer)));
                markers.LegendText = data.Groups.Count > 1 ? $"{runs.Regularizer}, {data.Groups[g].Label}" : runs.Regularizer;
                points += finals.Count;
            }
        if (points == 0) return [];
        FigureStyle.Label(plot, "Generalization gap vs input-gradient sensitivity (final epoch)", "Sensitivity: mean ‖∇ₓ loss‖₂ on test examples", "Gap: train − test accuracy");
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 13;
        var (absolute, relative) = FigureStyle.PathOf(reportDirectory, "gap-vs-sensitivity");
        plot.SavePng(absolute, FigureStyle.Width + 260, FigureStyle.Height);
        return [new ReportFigure("Generalization and sensitivity", relative, "Generalization gap vs sensitivity",
            "One point per cell (seed) at its final epoch: train − test accuracy against the mean input-gradient norm on test examples (McGill Figure 1). Color: regularizer; marker: architecture.")];
    }
}
