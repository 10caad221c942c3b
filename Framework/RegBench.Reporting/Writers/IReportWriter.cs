namespace RegBench.Reporting.Writers;

/// <summary>One output format of a report (an extension point, like BenchmarkDotNet's exporters).</summary>
public interface IReportWriter
{
    /// <summary>The name used in `--format` (md, html, csv).</summary>
    string Format { get; }

    /// <summary>Writes <paramref name="report"/> into <paramref name="directory"/> (figures are already there) and returns the files written.</summary>
    IReadOnlyList<string> Write(Report report, string directory);
}
