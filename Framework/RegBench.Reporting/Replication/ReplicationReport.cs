using RegBench.Reporting.Figures;
using RegBench.Reporting.Tables;

namespace RegBench.Reporting.Replication;

/// <summary>One part of a replication report: computed sentences, then tables, then figures.</summary>
public sealed record ReplicationSection(string Title, IReadOnlyList<string> Paragraphs, IReadOnlyList<ReportTable> Tables, IReadOnlyList<ReportFigure> Figures);

/// <summary>A study's replication report for some profiles of a store: where the numbers come from, and its sections.</summary>
public sealed record ReplicationReport(string Name, IReplicationStudy Study, ReportHeader Header, IReadOnlyList<string> Notes, IReadOnlyList<ReplicationSection> Sections)
{
    /// <summary>Every table of every section, in order.</summary>
    public IReadOnlyList<ReportTable> Tables => Sections.SelectMany(s => s.Tables).ToList();

    /// <summary>Every figure of every section, in order.</summary>
    public IReadOnlyList<ReportFigure> Figures => Sections.SelectMany(s => s.Figures).ToList();
}

/// <summary>A published study a profile replicates: its key (the profile-name prefix), title, source and the sections it compares.</summary>
public interface IReplicationStudy
{
    /// <summary>"hess2023", "yoshida2017": profiles named KEY or KEY-… replicate this study.</summary>
    string Key { get; }

    /// <summary>The study as a heading names it.</summary>
    string Title { get; }

    /// <summary>Where the published numbers come from.</summary>
    string Source { get; }

    /// <summary>The sections for the done cells of <paramref name="data"/>; figures are written under <paramref name="directory"/>/figures.</summary>
    IReadOnlyList<ReplicationSection> Sections(ReportData data, string directory);
}
