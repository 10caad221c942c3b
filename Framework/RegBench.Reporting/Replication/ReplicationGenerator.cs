using RegBench.Reporting.Writers;
using RegBench.Results;

namespace RegBench.Reporting.Replication;

/// <summary>
/// `regbench report --replication NAME`: the report of a study's profiles set beside the published numbers, written as
/// OUT/NAME/replication.md, OUT/NAME/figures/*.png and OUT/NAME/csv/*.csv. NAME is a study key (every profile of the
/// store named KEY or KEY-…) or one such profile.
/// </summary>
public sealed class ReplicationGenerator
{
    /// <summary>The studies a replication can name.</summary>
    public static IReadOnlyList<IReplicationStudy> Studies { get; } = [new HessHutchisonStudy(), new YoshidaMiyatoStudy()];

    /// <summary>The study <paramref name="name"/> belongs to; an <see cref="ArgumentException"/> naming the known ones otherwise.</summary>
    public static IReplicationStudy Resolve(string name) =>
        Studies.FirstOrDefault(s => name == s.Key || name.StartsWith(s.Key + "-", StringComparison.Ordinal))
        ?? throw new ArgumentException($"'{name}' names no replicated study; use a study ({string.Join(", ", Studies.Select(s => s.Key))}) " +
                                       "or a profile named after one, such as hess2023-fashion or yoshida2017-fashion.");

    /// <summary>Writes the replication report of <paramref name="name"/> under <paramref name="outputDirectory"/>/NAME; returns it and the files written.</summary>
    public (ReplicationReport Report, IReadOnlyList<string> Files) Generate(IResultStore store, string name, string outputDirectory, ReportEnvironment environment)
    {
        var study = Resolve(name);
        var cells = store.ReadCells().Where(c => name == study.Key ? c.Cell.Profile == study.Key || c.Cell.Profile.StartsWith(study.Key + "-", StringComparison.Ordinal)
            : c.Cell.Profile == name).ToList();
        if (cells.Count == 0)
            throw new ArgumentException($"the store has no cells of {(name == study.Key ? $"a profile named {study.Key} or {study.Key}-…" : $"profile '{name}'")}; " +
                                        $"run `regbench run --profile {(name == study.Key ? study.Key + "-fashion" : name)}` into it first.");
        var ids = cells.Select(c => c.Cell.CellId).ToHashSet();
        var data = new ReportData(cells, store.ReadEpochs().Where(e => ids.Contains(e.CellId)).ToList(), store.ReadLayers().Where(l => ids.Contains(l.CellId)).ToList());
        var directory = Directory.CreateDirectory(Path.Combine(outputDirectory, name)).FullName;
        var figures = Path.Combine(directory, "figures");
        if (Directory.Exists(figures)) Directory.Delete(figures, recursive: true);
        var notes = new List<string>();
        if (data.Groups.Count == 0) notes.Add("No cell of these profiles is done yet: the sections below have no measured numbers.");
        if (data.NotIncluded.Count > 0)
            notes.Add($"{data.NotIncluded.Count} cell(s) are not done (failed, diverged or unfinished) and are left out; `regbench report` lists them with their errors.");
        var sections = data.Groups.Count == 0 ? [] : study.Sections(data, directory);
        var report = new ReplicationReport(name, study, ReportBuilder.Header(data, environment), notes, sections);
        var files = report.Figures.Select(f => Path.Combine(directory, f.RelativePath)).ToList();
        files.Add(ReplicationMarkdownWriter.Write(report, directory));
        files.AddRange(new CsvReportWriter().Write(new Report(report.Header, report.Tables, [], []), directory));
        return (report, files);
    }
}
