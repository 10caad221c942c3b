namespace RegBench.Reporting.Figures;

/// <summary>A rendered figure: PNG path relative to the report folder, title, caption, and the report section it belongs to.</summary>
public sealed record ReportFigure(string Section, string RelativePath, string Title, string Caption);

/// <summary>One kind of figure (an extension point): renders its PNGs for the report into <c>figures/</c>.</summary>
public interface IFigureSet
{
    /// <summary>Renders into <paramref name="reportDirectory"/>/figures and returns what it wrote (none when the data has nothing to show).</summary>
    IReadOnlyList<ReportFigure> Render(ReportData data, string reportDirectory);
}
