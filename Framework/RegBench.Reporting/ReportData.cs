using RegBench.Results;

namespace RegBench.Reporting;

/// <summary>
/// Everything a report needs, read once from a store: cells (any status), their epochs and layers.
/// Only <see cref="CellStatus.Done"/> cells enter tables and figures; the others are listed with their error.
/// </summary>
public sealed class ReportData
{
    private readonly Dictionary<string, IReadOnlyList<EpochRecord>> epochs;
    private readonly Dictionary<string, IReadOnlyList<LayerRecord>> layers;

    /// <summary>Builds the data from already-read rows (tests fill stores with known numbers and read them back).</summary>
    public ReportData(IReadOnlyList<CellSummary> cells, IReadOnlyList<EpochRecord> epochRows, IReadOnlyList<LayerRecord> layerRows)
    {
        Cells = cells;
        epochs = epochRows.GroupBy(e => e.CellId).ToDictionary(g => g.Key, g => (IReadOnlyList<EpochRecord>)g.OrderBy(e => e.Epoch).ToList());
        layers = layerRows.GroupBy(l => l.CellId).ToDictionary(g => g.Key, g => (IReadOnlyList<LayerRecord>)g.ToList());
        var done = cells.Where(c => c.Status == CellStatus.Done && Epochs(c.Cell.CellId).Count > 0).ToList();
        var multipleProfiles = done.Select(c => c.Cell.Profile).Distinct().Count() > 1;
        var multipleBatches = done.Select(c => c.Cell.BatchSize).Distinct().Count() > 1;
        Groups = done.GroupBy(c => new ArchitectureKey(c.Cell.Profile, c.Cell.Dataset, c.Cell.Architecture, c.Cell.BatchSize))
            .Select(g => new ArchitectureGroup(g.Key, g.Key.Label(multipleProfiles, multipleBatches),
                g.GroupBy(c => c.Cell.Regularizer).Select(r => new RegularizerRuns(r.Key, r.OrderBy(c => c.Cell.Seed).ToList())).ToList()))
            .ToList();
        Regularizers = done.Select(c => c.Cell.Regularizer).Distinct().ToList();
        NotIncluded = cells.Where(c => !done.Contains(c)).ToList();
    }

    /// <summary>Reads every row of <paramref name="store"/>, keeping only <paramref name="profile"/>'s cells when given.</summary>
    public static ReportData Read(IResultStore store, string? profile = null)
    {
        var cells = store.ReadCells(profile);
        var ids = cells.Select(c => c.Cell.CellId).ToHashSet();
        return new ReportData(cells, store.ReadEpochs().Where(e => ids.Contains(e.CellId)).ToList(),
            store.ReadLayers().Where(l => ids.Contains(l.CellId)).ToList());
    }

    /// <summary>Every cell of the store (or profile), any status, in insertion order.</summary>
    public IReadOnlyList<CellSummary> Cells { get; }

    /// <summary>Done cells grouped by architecture (profile, dataset, architecture, batch size), then regularizer.</summary>
    public IReadOnlyList<ArchitectureGroup> Groups { get; }

    /// <summary>Regularizer labels of done cells, in order of first appearance (the table's column order).</summary>
    public IReadOnlyList<string> Regularizers { get; }

    /// <summary>Cells that are not done (failed, diverged, running, pending) or have no epoch rows.</summary>
    public IReadOnlyList<CellSummary> NotIncluded { get; }

    /// <summary>Epoch rows of a cell ordered by epoch (empty if none).</summary>
    public IReadOnlyList<EpochRecord> Epochs(string cellId) => epochs.GetValueOrDefault(cellId) ?? [];

    /// <summary>Layer rows of a cell (empty if none).</summary>
    public IReadOnlyList<LayerRecord> Layers(string cellId) => layers.GetValueOrDefault(cellId) ?? [];

    /// <summary>The last epoch row of a cell.</summary>
    public EpochRecord Final(CellSummary cell) => Epochs(cell.Cell.CellId)[^1];
}

/// <summary>A table row: one model on one dataset at one batch size (and profile).</summary>
public sealed record ArchitectureKey(string Profile, string Dataset, string Architecture, int BatchSize)
{
    /// <summary>"fashion-mnist / mlp(depth=3)", with profile and batch size only when they vary in the report.</summary>
    public string Label(bool withProfile, bool withBatch) =>
        (withProfile ? Profile + ": " : "") + $"{Dataset} / {Architecture}" + (withBatch ? $" / batch {BatchSize}" : "");
}

/// <summary>The done cells of one architecture, per regularizer.</summary>
public sealed record ArchitectureGroup(ArchitectureKey Key, string Label, IReadOnlyList<RegularizerRuns> Regularizers)
{
    /// <summary>The runs of <paramref name="regularizer"/>, or null when this architecture has none.</summary>
    public RegularizerRuns? For(string regularizer) => Regularizers.FirstOrDefault(r => r.Regularizer == regularizer);
}

/// <summary>The done cells (one per seed) of one regularizer on one architecture.</summary>
public sealed record RegularizerRuns(string Regularizer, IReadOnlyList<CellSummary> Seeds);
