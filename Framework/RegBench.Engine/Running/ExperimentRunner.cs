using System.Globalization;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Results;

namespace RegBench.Engine.Running;

/// <summary>
/// Runs cells: loads every dataset first (so an environment error stops the run before anything is written),
/// registers the cells, skips those already done, and trains the rest one after another, each continuing from its
/// last checkpoint when it has one.
/// </summary>
public sealed class ExperimentRunner(IPluginDirectory plugins, IRunProgress progress)
{
    /// <summary>Runs the selected cells of <paramref name="request"/>'s profile.</summary>
    public RunOutcome Run(RunRequest request, CancellationToken cancellation)
    {
        var profile = request.Profile ?? throw new ArgumentException("A run needs a profile.", nameof(request));
        return RunCells(request.Selection.Apply(MatrixExpander.Expand(profile, request.Epochs)), request, profile.Name, cancellation);
    }

    /// <summary>
    /// Runs <paramref name="cells"/> (e.g. the unfinished cells of a store, for `resume`); cancellation leaves the
    /// current cell 'running' with its durable epochs, for `resume`.
    /// </summary>
    public RunOutcome RunCells(IReadOnlyList<CellSpec> cells, RunRequest request, string label, CancellationToken cancellation)
    {
        using var datasets = new DatasetResolver(plugins, request.DataDirectory, progress);
        foreach (var dataset in cells.Select(c => c.Dataset).Distinct()) datasets.Resolve(dataset);

        var location = StoreLocation.Parse(request.DatabasePath);
        // One run/resume at a time on a SQLite file (SqliteWriterLock); PostgreSQL stores are shared through claiming.
        using var store = location.Postgres is null ? new SqliteResultStore(location.FilePath!, exclusiveWriter: true) : location.Open();
        var runId = $"{DateTimeOffset.UtcNow.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture)}-{Environment.ProcessId}";
        store.BeginRun(new RunRecord(runId, DateTimeOffset.UtcNow, Environment.MachineName, request.Command, label));
        AdoptLegacyCells(store, cells, Path.Combine(request.ResultsDirectory, "checkpoints"));
        store.RegisterCells(cells.Select(ToRecord));
        var pending = cells.Where(c => store.GetCell(c.CellId)?.Status != CellStatus.Done).ToList();
        progress.MatrixStarted(label, cells.Count, pending.Count);

        var runner = new CellRunner(plugins, store, progress, request.ResultsDirectory) { Device = request.Device };
        var interrupted = false;
        for (var i = 0; i < pending.Count && !interrupted; i++)
        {
            var dataset = datasets.Resolve(pending[i].Dataset);
            progress.CellStarted(i + 1, pending.Count, pending[i], dataset.Used);
            try
            {
                runner.Run(pending[i], dataset, runId, cancellation);
            }
            catch (OperationCanceledException)
            {
                store.LogEvent(pending[i].CellId, "warning", "interrupted; the cell stays 'running' and `regbench resume` continues it");
                interrupted = true;
            }
        }
        var summaries = cells.Select(c => store.GetCell(c.CellId)!).ToList();
        return new RunOutcome(runId, summaries, cells.Count - pending.Count, interrupted);
    }

    /// <summary>
    /// A cell that a store written before Abstractions 2 holds under its id rule 1 id (options as written) is re-keyed to
    /// its current id, with its rows, events and checkpoint folder, so `run` and `worker` skip it when done and continue it otherwise
    /// (SqliteSchema's migration 5 says the same).
    /// </summary>
    internal static void AdoptLegacyCells(IResultStore store, IEnumerable<CellSpec> cells, string checkpointsDirectory)
    {
        foreach (var cell in cells)
        {
            var oldId = cell.LegacyCellId;
            if (oldId == cell.CellId || !store.RekeyCell(oldId, ToRecord(cell))) continue;
            var (oldFolder, newFolder) = (Path.Combine(checkpointsDirectory, oldId), Path.Combine(checkpointsDirectory, cell.CellId));
            if (Directory.Exists(oldFolder) && !Directory.Exists(newFolder)) Directory.Move(oldFolder, newFolder);
            store.LogEvent(cell.CellId, "info", $"re-keyed from {oldId} (id rule 1: options as written) to {cell.CellId} (id rule 2: bound options with defaults and plugin versions)");
        }
    }

    /// <summary>The store row of a cell.</summary>
    public static CellRecord ToRecord(CellSpec cell) => new(cell.CellId, cell.Profile, cell.Dataset.Label, cell.Architecture.Label,
        cell.Regularizer.Label, cell.Seed, cell.BatchSize, cell.Epochs, cell.CanonicalJson) { GapThreshold = cell.GapThreshold };
}
