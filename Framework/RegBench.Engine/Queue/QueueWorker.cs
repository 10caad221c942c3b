using System.Globalization;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Running;
using RegBench.Results;

namespace RegBench.Engine.Queue;

/// <summary>
/// `regbench worker`: enqueues a profile's matrix in a shared store (idempotently: every worker registers the same
/// cell ids), then claims one cell at a time (pending, or running with a stale heartbeat), trains it with
/// <see cref="CellRunner"/> (resuming from the shared checkpoints), and beats while it trains. Stops when the
/// matrix is finished, after --max-cells, or after --idle-exit with nothing to claim.
/// </summary>
public sealed class QueueWorker(IPluginDirectory plugins, IRunProgress progress)
{
    /// <summary>This worker's id in the store: host, process and a random suffix (unique across machines and restarts).</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Runs until done; the outcome lists the cells this worker finished (or left when interrupted).</summary>
    public RunOutcome Run(WorkerRequest request, CancellationToken cancellation)
    {
        var location = StoreLocation.Parse(request.StoreAddress);
        var profile = request.Profile;
        var runId = $"{DateTimeOffset.UtcNow.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture)}-{WorkerId}";
        using var store = location.Open();
        store.BeginRun(new RunRecord(runId, DateTimeOffset.UtcNow, Environment.MachineName, request.Command, profile.Name));
        var cells = request.Selection.Apply(MatrixExpander.Expand(profile, request.Epochs));
        ExperimentRunner.AdoptLegacyCells(store, cells, request.CheckpointsDirectory);
        store.RegisterCells(cells.Select(ExperimentRunner.ToRecord));
        progress.MatrixStarted(profile.Name, cells.Count, store.ReadCells(profile.Name).Count(c => c.Status is CellStatus.Pending or CellStatus.Running));

        using var datasets = new DatasetResolver(plugins, request.DataDirectory, progress);
        var runner = new CellRunner(plugins, store, progress, request.ResultsDirectory)
        { Worker = WorkerId, CheckpointsDirectory = request.CheckpointsDirectory, Device = request.Device };
        var finished = new List<CellSummary>();
        var idleSince = (DateTimeOffset?)null;
        while (!cancellation.IsCancellationRequested && (request.MaxCells is not { } max || finished.Count < max))
        {
            var claimed = store.ClaimCell(profile.Name, WorkerId, runId, DateTimeOffset.UtcNow - request.Timing.StaleAfter);
            if (claimed is null)
            {
                if (!store.ReadCells(profile.Name).Any(c => c.Status is CellStatus.Pending or CellStatus.Running)) break;
                idleSince ??= DateTimeOffset.UtcNow;
                if (DateTimeOffset.UtcNow - idleSince >= request.Timing.IdleExit) break;
                cancellation.WaitHandle.WaitOne(Poll(request.Timing));
                continue;
            }
            idleSince = null;
            if (claimed.Attempt > 0) store.LogEvent(claimed.Cell.CellId, "info", $"{WorkerId} took over the cell (attempt {claimed.Attempt}, last worker {claimed.Worker ?? "unknown"})");
            var outcome = RunClaimed(runner, store, location, datasets, claimed, runId, finished.Count + 1, request with { MaxCells = request.MaxCells ?? cells.Count }, cancellation);
            if (outcome is CellStatus.Pending) continue; // lost to another worker: its cell now
            finished.Add(store.GetCell(claimed.Cell.CellId)!);
            if (outcome is CellStatus.Running) break;
        }
        return new RunOutcome(runId, finished, 0, cancellation.IsCancellationRequested);
    }

    // Returns the status the cell ended with here; Running when the worker was interrupted (the cell went back to pending).
    private CellStatus RunClaimed(CellRunner runner, IResultStore store, StoreLocation location, DatasetResolver datasets, CellSummary claimed,
        string runId, int index, WorkerRequest request, CancellationToken cancellation)
    {
        var cell = CellSpec.FromStoredJson(claimed.Cell.OptionsJson, plugins);
        var dataset = datasets.Resolve(cell.Dataset);
        progress.CellStarted(index, Math.Max(index, request.MaxCells ?? index), cell, dataset.Used);
        using var heartbeat = new CellHeartbeat(location, cell.CellId, WorkerId, request.Timing.Heartbeat, progress.Warning);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellation, heartbeat.Lost);
        try
        {
            return runner.Run(cell, dataset, runId, either.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            store.Release(cell.CellId, WorkerId);
            store.LogEvent(cell.CellId, "warning", $"{WorkerId} interrupted; the cell is pending again and the next worker continues it from its last checkpoint");
            return CellStatus.Running;
        }
        catch (OperationCanceledException)
        {
            store.LogEvent(cell.CellId, "warning", $"{WorkerId} lost the cell to another worker after missed heartbeats; its rows from here on are the new worker's");
            return CellStatus.Pending;
        }
    }

    private static TimeSpan Poll(WorkerTiming timing) =>
        TimeSpan.FromMilliseconds(Math.Clamp(timing.StaleAfter.TotalMilliseconds / 4, 200, 2000));
}
