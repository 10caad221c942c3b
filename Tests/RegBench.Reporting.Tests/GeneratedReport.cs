namespace RegBench.Reporting.Tests;

/// <summary>One full report (all formats) of the known store, generated once and shared by the figure and HTML tests.</summary>
public sealed class GeneratedReport : IDisposable
{
    private readonly KnownStore known = new();

    public GeneratedReport()
    {
        Directory = Path.Combine(known.Directory, "report");
        (Report, Files) = new ReportGenerator().Generate(known.Store, new ReportOptions(Directory), ReportEnvironment.Detect(known.Store, "known store"));
    }

    public string Directory { get; }

    public Report Report { get; }

    public IReadOnlyList<string> Files { get; }

    /// <summary>A folder beside the test binaries that survives the run (screenshots and reports to look at).</summary>
    public static string Artifacts => System.IO.Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public void Dispose() => known.Dispose();
}
