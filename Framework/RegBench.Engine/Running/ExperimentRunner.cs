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

        using var store = StoreLocation.Parse(request.DatabasePath).Open();
        var runId = $"{DateTimeOffset.UtcNow.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture)}-{Environment.ProcessId}";
        store.BeginRun(new RunRecord(runId, DateTimeOffset.UtcNow, Environment.MachineName, request.Command, label));
        foreach (var cell in cells) store.RegisterCell(ToRecord(cell));
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

    /// <summary>The store row of a cell.</summary>
    public static CellRecord ToRecord(CellSpec cell) => new(cell.CellId, cell.Profile, cell.Dataset.Label, cell.Architecture.Label,
        cell.Regularizer.Label, cell.Seed, cell.BatchSize, cell.Epochs, cell.CanonicalJson) { GapThreshold = cell.GapThreshold };
}
