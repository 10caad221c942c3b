namespace RegBench.Reporting;

/// <summary>What to report and where: the profile (null: every profile in the store) and the output formats.</summary>
public sealed record ReportOptions(string OutputDirectory, string? Profile = null, IReadOnlyList<string>? Formats = null);
