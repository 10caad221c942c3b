using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Running;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// Native memory across whole epochs of one regularizer's cell (<see cref="Trainer.RunEpoch"/>): the native heap in use
/// (<see cref="NativeHeap"/>; RSS where it cannot be read) after a full GC at the end of epoch <see cref="FromEpoch"/> and of
/// epoch <see cref="ToEpoch"/>, and the growth between them in percent (goal ≤ 2%).
/// </summary>
internal sealed class MemoryGrowthBenchmark(IPluginDirectory plugins, Action<string> progress)
{
    /// <summary>The epoch whose end is the reference (epoch 1 still allocates the optimizer state and the allocator's pools).</summary>
    public const int FromEpoch = 2;

    /// <summary>The last epoch.</summary>
    public const int ToEpoch = 10;

    /// <summary>At most 2% growth.</summary>
    public static readonly BenchGoal Goal = new(2, AtMost: true);

    /// <summary>The "memory" row of <paramref name="regularizer"/>'s cell of <paramref name="request"/> on <paramref name="data"/>.</summary>
    public ExtraMeasurement Run(BenchmarkRequest request, PluginChoice regularizer, ResolvedDataset dataset, DatasetSplits data, CancellationToken cancellation)
    {
        var cell = request.CellFor(regularizer);
        torch.manual_seed(cell.Seed);
        using var generator = new Generator((ulong)cell.Seed);
        using var built = CellModel.Build(plugins, cell, dataset.Shape, generator);
        using var trainer = new Trainer(cell, built.Model, built.Layers, built.Regularizer, data);
        built.Attach(resumed: false, cell.Seed, () => trainer.CurrentLearningRate);
        using var rss = new RssSampler();
        double from = double.NaN, to = double.NaN;
        var what = NativeHeap.InUseBytes() is null ? "RSS" : "native heap in use";
        for (var epoch = 1; epoch <= ToEpoch; epoch++)
        {
            trainer.RunEpoch(epoch, cancellation);
            if (epoch != FromEpoch && epoch != ToEpoch) continue;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var megabytes = (NativeHeap.InUseBytes() ?? rss.Read()) / (1024.0 * 1024);
            if (epoch == FromEpoch) from = megabytes;
            else to = megabytes;
            progress($"bench: memory of {regularizer.Label}: epoch {epoch}/{ToEpoch}, {what} {megabytes:0.0} MB");
        }
        return new ExtraMeasurement($"memory ({regularizer.Label})", $"{what} after epoch {ToEpoch}", to, $"after epoch {FromEpoch}", from, "MB",
            BenchFigures.GrowthPercent(from, to), "%", Goal, $"{data.TrainCount} examples an epoch, batch {request.BatchSize}; includes the dataset and the model");
    }
}
