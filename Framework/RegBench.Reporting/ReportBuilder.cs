using RegBench.Reporting.Figures;
using RegBench.Reporting.Tables;
using RegBench.Results;

namespace RegBench.Reporting;

/// <summary>Computes a <see cref="Report"/> from <see cref="ReportData"/>: every table, and every figure rendered into the report folder.</summary>
public sealed class ReportBuilder(IReadOnlyList<IFigureSet>? figureSets = null)
{
    /// <summary>The figures of a full report, in report order.</summary>
    public static IReadOnlyList<IFigureSet> DefaultFigures { get; } =
    [
        new TrainingCurvesFigure(), new LayerSigmaFigure(), new SigmaSpreadFigure(), new SpectrumFigure(),
        new RankFigure(), new GapSensitivityFigure(), new StepTimeFigure(),
    ];

    /// <summary>Tables first, then figures (PNGs written under <paramref name="reportDirectory"/>/figures).</summary>
    public Report Build(ReportData data, ReportEnvironment environment, string reportDirectory)
    {
        var tables = new List<ReportTable>();
        var notes = new List<string>();
        if (data.Groups.Count == 0) notes.Add("No cell is done yet: there is nothing to tabulate or plot.");
        else tables.AddRange([ResultsTable.Build(data), McGillTables.TestAccuracy(data), McGillTables.GapAtThreshold(data), McGillTables.FinalGap(data)]);
        if (NotIncludedTable.Build(data) is { } notIncluded) tables.Add(notIncluded);
        tables.Add(CellsTable(data));
        var figures = (figureSets ?? DefaultFigures).SelectMany(f => f.Render(data, reportDirectory)).ToList();
        if (data.Groups.Count > 0 && !figures.Any(f => f.Section == "Generalization and sensitivity"))
            notes.Add("No cell recorded input-gradient sensitivity: the gap-vs-sensitivity figure is left out.");
        return new Report(Header(data, environment), tables, figures, notes);
    }

    /// <summary>Where the numbers come from: profiles, machines, commit, seeds, store and the data each cell used.</summary>
    internal static ReportHeader Header(ReportData data, ReportEnvironment environment)
    {
        var profiles = data.Cells.Select(c => c.Cell.Profile).Distinct().ToList();
        var seeds = data.Cells.Select(c => c.Cell.Seed).Distinct().Order().ToList();
        var used = data.Cells.GroupBy(c => (c.Cell.Dataset, Used: c.DatasetUsed ?? "(not started)"))
            .Select(g => (g.Key.Dataset, g.Key.Used, g.Count())).ToList();
        return new ReportHeader(profiles.Count == 0 ? "(none)" : string.Join(", ", profiles), environment.GeneratedUtc, environment.Machines,
            environment.GitCommit, seeds.Count == 0 ? "(none)" : string.Join(", ", seeds), environment.Store, used);
    }

    private static ReportTable CellsTable(ReportData data)
    {
        var rows = data.Cells.Select(c => (IReadOnlyList<string>)[c.Cell.CellId, c.Cell.Dataset, c.Cell.Architecture, c.Cell.Regularizer,
            c.Cell.Seed.ToString(), c.Cell.BatchSize.ToString(), SqliteResultStore.StatusText(c.Status), c.DatasetUsed ?? ""]).ToList();
        return new ReportTable("cells", "Cells and the data they really used",
            "Every cell of the report with its status and the dataset it really trained on (cells.dataset_used; a synthetic fallback shows here).",
            ["Cell", "Dataset", "Architecture", "Regularizer", "Seed", "Batch", "Status", "Dataset used"],
            rows.Select(r => (IReadOnlyList<TableCell>)r.Select(t => new TableCell(t)).ToList()).ToList(), [],
            ["cell_id", "dataset", "architecture", "regularizer", "seed", "batch_size", "status", "dataset_used"], rows);
    }
}
