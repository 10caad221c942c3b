using RegBench.Reporting.Writers;
using RegBench.Results;

namespace RegBench.Reporting;

/// <summary>The report service: reads a store, builds the report, renders the figures and runs the chosen writers.</summary>
public sealed class ReportGenerator
{
    /// <summary>Every known writer; `--format` picks among them by name.</summary>
    public static IReadOnlyList<IReportWriter> Writers { get; } = [new MarkdownReportWriter(), new HtmlReportWriter(), new CsvReportWriter()];

    /// <summary>Formats written when none are named.</summary>
    public static IReadOnlyList<string> DefaultFormats { get; } = ["md", "html", "csv"];

    /// <summary>Writes the report of <paramref name="store"/> into <see cref="ReportOptions.OutputDirectory"/>; returns it and the files written.</summary>
    public (Report Report, IReadOnlyList<string> Files) Generate(IResultStore store, ReportOptions options, ReportEnvironment environment)
    {
        var formats = options.Formats is { Count: > 0 } f ? f : DefaultFormats;
        var unknown = formats.Where(name => Writers.All(w => w.Format != name)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown report format '{string.Join("', '", unknown)}'; use {string.Join(", ", Writers.Select(w => w.Format))}.");
        var directory = Directory.CreateDirectory(options.OutputDirectory).FullName;
        var figures = Path.Combine(directory, "figures");
        if (Directory.Exists(figures)) Directory.Delete(figures, recursive: true);
        var report = new ReportBuilder().Build(ReportData.Read(store, options.Profile), environment, directory);
        var files = report.Figures.Select(fig => Path.Combine(directory, fig.RelativePath)).ToList();
        foreach (var writer in Writers.Where(w => formats.Contains(w.Format))) files.AddRange(writer.Write(report, directory));
        return (report, files);
    }
}
