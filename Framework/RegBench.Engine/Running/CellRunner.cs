using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Training;
using RegBench.Results;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Running;

/// <summary>Runs one cell from its first epoch: builds model and regularizer from plugins, trains, stores every epoch.</summary>
public sealed class CellRunner(IPluginDirectory plugins, IResultStore store, IRunProgress progress)
{
    /// <summary>Trains <paramref name="cell"/> on <paramref name="dataset"/>; returns its final status (cancellation propagates).</summary>
    public CellStatus Run(CellSpec cell, ResolvedDataset dataset, string runId, CancellationToken cancellation)
    {
        store.StartAttempt(cell.CellId, runId, Environment.MachineName, dataset.Used);
        try
        {
            Train(cell, dataset, cancellation);
            store.Finish(cell.CellId, CellStatus.Done);
            progress.CellFinished(cell, CellStatus.Done, null);
            return CellStatus.Done;
        }
        catch (DivergedException diverged)
        {
            return End(cell, CellStatus.Diverged, diverged.Message);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return End(cell, CellStatus.Failed, $"{error.GetType().Name}: {error.Message}");
        }
    }

    private void Train(CellSpec cell, ResolvedDataset dataset, CancellationToken cancellation)
    {
        torch.manual_seed(cell.Seed);
        using var generator = new Generator((ulong)cell.Seed);
        var regularizer = (IRegularizer)Create(PluginKind.Regularizer, cell.Regularizer);
        var architecture = (IArchitecture)Create(PluginKind.Architecture, cell.Architecture);
        var engineLayers = new LayerFactory();
        var layers = regularizer is IModelTransform transform ? transform.Decorate(engineLayers) : engineLayers;
        using var model = architecture.Build(new ModelContext(dataset.Shape, layers, generator));
        if (layers.Layers.Count == 0)
            throw new InvalidOperationException($"architecture '{cell.Architecture.Name}' created no layer through the layer factory; regularizers would see nothing.");
        regularizer.Attach(new RegularizationContext(layers.Layers, Resumed: false, cell.Seed));
        using var trainer = new Trainer(cell, model, layers.Layers, regularizer, dataset.Splits);
        try
        {
            for (var epoch = 1; epoch <= cell.Epochs; epoch++)
            {
                var metrics = trainer.RunEpoch(epoch, cancellation);
                var extra = (regularizer as IReportsMetrics)?.CollectEpochMetrics() ?? new Dictionary<string, double>();
                store.CommitEpoch(ToRecord(cell.CellId, metrics) with { Extra = extra }, []);
                progress.EpochFinished(cell, metrics);
            }
        }
        finally
        {
            foreach (var layer in layers.Layers) layer.State.Dispose();
            (regularizer as IDisposable)?.Dispose();
        }
    }

    private object Create(PluginKind kind, PluginChoice choice)
    {
        var descriptor = plugins.Find(kind, choice.Name)
            ?? throw new InvalidOperationException($"{kind.ToString().ToLowerInvariant()} plugin '{choice.Name}' is not loaded.");
        try
        {
            return descriptor.Create(choice.Options);
        }
        catch (Exception error) when (error is not PluginOptionsException)
        {
            throw new InvalidOperationException($"{kind.ToString().ToLowerInvariant()} plugin '{choice.Name}' failed to start: {error.Message}", error);
        }
    }

    private CellStatus End(CellSpec cell, CellStatus status, string error)
    {
        store.Finish(cell.CellId, status, error);
        store.LogEvent(cell.CellId, "error", $"{cell.Label}: {error}");
        progress.CellFinished(cell, status, error);
        return status;
    }

    private static EpochRecord ToRecord(string cellId, EpochMetrics m) => new(cellId, m.Epoch, m.TrainLoss, m.TrainAccuracy,
        m.TestLoss, m.TestAccuracy, m.LearningRate, m.StepMillisecondsMedian, m.StepMillisecondsP90, m.EpochSeconds);
}
