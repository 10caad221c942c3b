using System.Globalization;

namespace RegBench.Reporting.Writers;

/// <summary>What Markdown and HTML share: the header lines and the figures grouped by section, in report order.</summary>
public abstract class ReportWriterBase : IReportWriter
{
    /// <inheritdoc />
    public abstract string Format { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<string> Write(Report report, string directory);

    /// <summary>The header as (label, value) pairs.</summary>
    protected internal static IReadOnlyList<(string Label, string Value)> HeaderLines(ReportHeader header) =>
    [
        ("Profile", header.Profiles),
        ("Generated", header.GeneratedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
        ("Machine", header.Machines),
        ("Git commit", header.GitCommit),
        ("Seeds", header.Seeds),
        ("Store", header.Store),
        ("Data used", header.DatasetsUsed.Count == 0 ? "(no cells)"
            : string.Join("; ", header.DatasetsUsed.Select(d => $"{d.Dataset} → {d.DatasetUsed} ({d.Cells} cell{(d.Cells == 1 ? "" : "s")})"))),
    ];

    /// <summary>Figures grouped by section, sections in first-appearance order.</summary>
    protected static IEnumerable<IGrouping<string, Figures.ReportFigure>> Sections(Report report) => report.Figures.GroupBy(f => f.Section);
}
