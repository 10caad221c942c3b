using System.Diagnostics;
using RegBench.Abstractions;
using RegBench.Engine.Checkpoints;
using RegBench.Engine.Diagnostics;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;
using RegBench.Results;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Running;

/// <summary>Runs one cell from its first epoch: builds model and regularizer from plugins, trains, stores every epoch.</summary>
public sealed class CellRunner(IPluginDirectory plugins, IResultStore store, IRunProgress progress, string resultsDirectory)
{
    /// <summary>Who runs the cells, recorded in the store: the machine name, or a queue worker's id.</summary>
    public string Worker { get; init; } = Environment.MachineName;

    /// <summary>Folder of the per-cell checkpoint folders (default RESULTS/checkpoints; a shared path for queue workers).</summary>
    public string CheckpointsDirectory { get; init; } = Path.Combine(resultsDirectory, "checkpoints");

    /// <summary>The torch device cells train on and each attempt records ("cpu", "cuda"; <see cref="DeviceChoice"/>).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Trains <paramref name="cell"/> on <paramref name="dataset"/>, continuing from the latest stored epoch with an intact
    /// checkpoint; returns its final status. Cancellation, and the machine's failures (full disk, read-only folder) as an
    /// <see cref="EnvironmentException"/>, propagate and leave the cell running.
    /// </summary>
    public CellStatus Run(CellSpec cell, ResolvedDataset dataset, string runId, CancellationToken cancellation)
    {
        var checkpoints = new CheckpointStore(resultsDirectory, cell.CellId, cell.LegacyCellId) { Directory = Path.Combine(CheckpointsDirectory, cell.CellId) };
        try
        {
            checkpoints.RemoveTemporaryFiles();
            var resumeEpoch = ResumePoint(cell, checkpoints);
            store.ResumeAttempt(cell.CellId, runId, Worker, dataset.Used, resumeEpoch, Device);
            if (resumeEpoch > 0) store.LogEvent(cell.CellId, "info", $"resumed after epoch {resumeEpoch} from {checkpoints.PathOf(resumeEpoch)}");
            Train(cell, dataset, checkpoints, resumeEpoch, cancellation);
            store.Finish(cell.CellId, CellStatus.Done);
            progress.CellFinished(cell, CellStatus.Done, null);
            return CellStatus.Done;
        }
        catch (DivergedException diverged)
        {
            return End(cell, CellStatus.Diverged, diverged.Message, diverged.Message);
        }
        catch (Exception error) when (SqliteErrors.IsEnvironmental(error))
        {
            // A full disk, a read-only folder or a broken store is the machine's problem, not the cell's: stop the run (exit 3)
            // and leave the cell 'running' with its durable epochs, so `resume` continues once it is fixed.
            throw new EnvironmentException($"cell {cell.CellId} ({cell.Label}) stopped: {SqliteErrors.Describe(error)} {SqliteErrors.Fix(error)}");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return End(cell, CellStatus.Failed, $"{error.GetType().Name}: {error.Message}", error.ToString());
        }
    }

    /// <summary>
    /// The latest stored epoch whose checkpoint is intact, or 0 (from scratch). Every epoch passed over because its
    /// checkpoint is missing or damaged is said in the cell's events; ResumeAttempt then drops the rows after the point.
    /// </summary>
    private int ResumePoint(CellSpec cell, CheckpointStore checkpoints)
    {
        var stored = store.ReadEpochs(cell.CellId).Select(e => e.Epoch).OrderDescending().ToList();
        foreach (var epoch in stored)
        {
            if (checkpoints.Problem(epoch) is not { } problem) return epoch;
            if (epoch == stored[0] || checkpoints.Has(epoch))
                store.LogEvent(cell.CellId, "warning", $"{problem}; not resuming after epoch {epoch}");
        }
        if (stored.Count > 0) store.LogEvent(cell.CellId, "warning", $"no intact checkpoint of the {stored.Count} stored epochs; the cell restarts from epoch 1");
        return 0;
    }

    private void Train(CellSpec cell, ResolvedDataset dataset, CheckpointStore checkpoints, int resumeEpoch, CancellationToken cancellation)
    {
        torch.manual_seed(cell.Seed);
        using var generator = new Generator((ulong)cell.Seed);
        using var built = CellModel.Build(plugins, cell, dataset.Shape, generator, DevicePlacement.Named(Device));
        var (regularizer, model, layers) = (built.Regularizer, built.Model, built.Layers);
        using var trainer = new Trainer(cell, model, layers, regularizer, dataset.Splits, built.Placement);
        if (resumeEpoch > 0) checkpoints.Read(resumeEpoch, model, trainer, layers);
        built.Attach(resumed: resumeEpoch > 0, cell.Seed, () => trainer.CurrentLearningRate);
        var diagnostics = new LayerDiagnostics(cell.SpectrumEvery);
        for (var epoch = resumeEpoch + 1; epoch <= cell.Epochs; epoch++)
        {
            var metrics = trainer.RunEpoch(epoch, cancellation);
            var sensitivity = trainer.InputGradientSensitivity(dataset.Splits.TestImages, dataset.Splits.TestLabels);
            var layerRecords = diagnostics.Measure(cell.CellId, epoch, layers, lastEpoch: epoch == cell.Epochs);
            var extra = new Dictionary<string, double>((regularizer as IReportsMetrics)?.CollectEpochMetrics() ?? new Dictionary<string, double>());
            (extra["sigma_max_mean"], extra["sigma_max_std"]) = LayerDiagnostics.SigmaSpread(layerRecords);
            extra["peak_rss_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            extra["managed_mb"] = GC.GetTotalMemory(forceFullCollection: false) / 1048576.0;
            checkpoints.Write(epoch, cell.CanonicalJson, model, trainer, layers);
            var record = metrics with { Extra = extra, Sensitivity = sensitivity };
            store.CommitEpoch(record, layerRecords);
            checkpoints.Prune(epoch, store.ReadEpochs(cell.CellId).MaxBy(e => e.TestAccuracy)!.Epoch, keepPrevious: epoch < cell.Epochs);
            progress.EpochFinished(cell, record, layerRecords);
        }
    }

    private CellStatus End(CellSpec cell, CellStatus status, string error, string details)
    {
        store.Finish(cell.CellId, status, error);
        store.LogEvent(cell.CellId, "error", $"{cell.Label}: {details}");
        progress.CellFinished(cell, status, error);
        return status;
    }
}
