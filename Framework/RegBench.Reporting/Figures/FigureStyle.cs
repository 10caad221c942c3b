using ScottPlot;

namespace RegBench.Reporting.Figures;

/// <summary>Shared look of every figure: sizes readable at 100%, one color per regularizer, darker colors for earlier layers.</summary>
public static class FigureStyle
{
    /// <summary>Size of a single-panel figure, in pixels.</summary>
    public const int Width = 900, Height = 560;

    /// <summary>Size of one panel of a multi-panel figure, in pixels.</summary>
    public const int PanelWidth = 520, PanelHeight = 380;

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>The color of the regularizer at <paramref name="index"/> (column order of the tables).</summary>
    public static Color Regularizer(int index) => Palette.GetColor(index);

    /// <summary>Layer <paramref name="index"/> of <paramref name="count"/>: dark (earliest) to light (latest).</summary>
    public static Color Layer(int index, int count) => new ScottPlot.Colormaps.Viridis().GetColor(count <= 1 ? 0 : 0.85 * index / (count - 1));

    /// <summary>Title and axis labels with readable font sizes.</summary>
    public static void Label(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title, size: 17);
        plot.XLabel(xLabel, size: 15);
        plot.YLabel(yLabel, size: 15);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        if (xLabel is "Epoch" || xLabel.StartsWith("Index")) IntegerX(plot);
    }

    /// <summary>Whole-number ticks on the x axis (epochs, indices).</summary>
    public static void IntegerX(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>Shows the legend (font 13) at <paramref name="alignment"/>.</summary>
    public static void Legend(Plot plot, Alignment alignment = Alignment.UpperRight)
    {
        plot.ShowLegend(alignment);
        plot.Legend.FontSize = 13;
    }

    /// <summary>A legend outside the data area, on the right (for panels whose lines fill the whole area).</summary>
    public static void LegendOutside(Plot plot)
    {
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 12;
    }

    /// <summary>A file-name-safe slug of a label: "fashion-mnist / mlp(depth=3)" → "fashion-mnist-mlp-depth-3".</summary>
    public static string Slug(string label)
    {
        var chars = label.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length <= 80 ? slug : slug[..80];
    }

    /// <summary>The absolute and report-relative path of figure <paramref name="name"/>.png (creates figures/).</summary>
    public static (string Absolute, string Relative) PathOf(string reportDirectory, string name)
    {
        Directory.CreateDirectory(System.IO.Path.Combine(reportDirectory, "figures"));
        var relative = $"figures/{name}.png";
        return (System.IO.Path.Combine(reportDirectory, "figures", name + ".png"), relative);
    }

    /// <summary>A grid of <paramref name="count"/> panels with at most <paramref name="columns"/> per row.</summary>
    public static Multiplot Grid(int count, int columns, out int rows, out int cols)
    {
        cols = Math.Min(count, columns);
        rows = (count + cols - 1) / cols;
        var multiplot = new Multiplot();
        multiplot.AddPlots(count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, cols);
        return multiplot;
    }
}
