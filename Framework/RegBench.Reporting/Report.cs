using RegBench.Reporting.Figures;
using RegBench.Reporting.Tables;

namespace RegBench.Reporting;

/// <summary>What a report says, independent of its format: header, tables (the last may list cells not included), figures.</summary>
public sealed record Report(ReportHeader Header, IReadOnlyList<ReportTable> Tables, IReadOnlyList<ReportFigure> Figures, IReadOnlyList<string> Notes);

/// <summary>The report's header: where the numbers come from.</summary>
public sealed record ReportHeader(
    string Profiles,
    DateTimeOffset GeneratedUtc,
    string Machines,
    string GitCommit,
    string Seeds,
    string Store,
    IReadOnlyList<(string Dataset, string DatasetUsed, int Cells)> DatasetsUsed);
