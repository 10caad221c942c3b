using System.Diagnostics;
using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Running;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// One regularizer under `regbench bench`: its model built by <see cref="CellModel"/> and trained by the engine's
/// <see cref="Trainer.Step"/>, each step in its own dispose scope and timed around the whole scope (disposal included).
/// Around every timed step, outside the clock, it adds the change of RSS, of the native heap in use (<see cref="NativeHeap"/>)
/// and of this thread's live tensors to its own totals, so memory is attributed to the regularizer whose steps made it even
/// when steps of several are interleaved.
/// </summary>
internal sealed class BenchedModel : IDisposable
{
    private const double Megabyte = 1024 * 1024;
    private readonly CellModel built;
    private readonly Trainer trainer;
    private readonly Tensor order;
    private readonly long batches;
    private readonly int batchSize;
    private readonly Tensor correct;
    private readonly List<double> milliseconds = [];
    private long stepsRun;
    private long rssGrowthBytes;
    private long rssPeakGrowthBytes;
    private long liveTensorGrowth;
    private long? heapGrowthBytes = NativeHeap.InUseBytes() is null ? null : 0;

    private BenchedModel(CellSpec cell, CellModel built, ResolvedDataset dataset)
    {
        Choice = cell.Regularizer;
        this.built = built;
        trainer = new Trainer(cell, built.Model, built.Layers, built.Regularizer, dataset.Splits, built.Placement);
        correct = zeros(1, ScalarType.Int64, built.Placement.Device);
        batchSize = cell.BatchSize;
        batches = dataset.Splits.TrainCount / batchSize;
        using var generator = new Generator((ulong)cell.Seed);
        order = randperm(dataset.Splits.TrainCount, generator: generator);
    }

    /// <summary>The regularizer.</summary>
    public PluginChoice Choice { get; }

    /// <summary>Why measuring it stopped, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Builds <paramref name="cell"/>'s model on <paramref name="placement"/>'s device as a cell does, attaches the regularizer, and runs <paramref name="warmupSteps"/> untimed steps.</summary>
    public static BenchedModel Start(IPluginDirectory plugins, CellSpec cell, ResolvedDataset dataset, int warmupSteps, DevicePlacement placement, CancellationToken cancellation)
    {
        torch.manual_seed(cell.Seed);
        using var generator = new Generator((ulong)cell.Seed);
        var built = CellModel.Build(plugins, cell, dataset.Shape, generator, placement);
        BenchedModel? model = null;
        try
        {
            var created = model = new BenchedModel(cell, built, dataset);
            built.Attach(resumed: false, cell.Seed, () => created.trainer.CurrentLearningRate);
            built.Model.train();
            for (var step = 0; step < warmupSteps; step++) created.Step(cancellation);
            (built.Regularizer as IReportsMetrics)?.CollectEpochMetrics(); // drop what warm-up reported
            return created;
        }
        catch
        {
            if (model is null) built.Dispose(); else model.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="steps"/> timed steps; an exception (not cancellation) ends this model's measurement with <see cref="Error"/>.</summary>
    public void Time(int steps, RssSampler rss, CancellationToken cancellation)
    {
        try
        {
            for (var i = 0; i < steps && Error is null; i++)
            {
                var rssBefore = rss.Read();
                var heapBefore = NativeHeap.InUseBytes();
                var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                milliseconds.Add(Step(cancellation));
                liveTensorGrowth += DisposeScopeManager.Statistics.ThreadTotalLiveCount - liveBefore;
                heapGrowthBytes += NativeHeap.InUseBytes() - heapBefore;
                rssGrowthBytes += rss.Read() - rssBefore;
                rssPeakGrowthBytes = Math.Max(rssPeakGrowthBytes, rssGrowthBytes);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException and not OutOfMemoryException)
        {
            Error = $"{error.GetType().Name}: {error.Message}";
        }
    }

    /// <summary>The row: percentiles of the timed steps, memory totals, and the metrics the regularizer reported for them.</summary>
    public StepMeasurement Result()
    {
        if (Error is not null) return StepMeasurement.Failed(Choice, Error);
        var sorted = milliseconds.Order().ToArray();
        var metrics = (built.Regularizer as IReportsMetrics)?.CollectEpochMetrics() ?? new Dictionary<string, double>();
        return new StepMeasurement(Choice, sorted.Length, Trainer.Percentile(sorted, 0.5), Trainer.Percentile(sorted, 0.9), Ratio: double.NaN,
            heapGrowthBytes / Megabyte ?? double.NaN, rssGrowthBytes / Megabyte, rssPeakGrowthBytes / Megabyte, liveTensorGrowth, metrics);
    }

    /// <summary>Disposes the data order, the accumulator, the trainer and the model (layer state and regularizer included).</summary>
    public void Dispose()
    {
        order.Dispose();
        correct.Dispose();
        trainer.Dispose();
        built.Dispose();
    }

    /// <summary>One engine step on the next full batch of the seeded order, in its own dispose scope; wall milliseconds.</summary>
    private double Step(CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        using (NewDisposeScope())
        {
            var index = order.narrow(0, stepsRun++ % batches * batchSize, batchSize);
            var loss = trainer.Step(index, correct);
            if (!float.IsFinite(loss)) throw new DivergedException(1, (int)stepsRun, loss);
        }
        return clock.Elapsed.TotalMilliseconds;
    }
}
