using RegBench.Abstractions;
using RegBench.Engine.Plugins;
using RegBench.Engine.Running;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// Three ways through the same epoch on the same model (the baseline cell's, built three times from the same seed) and
/// data, timed in interleaved rounds after one untimed epoch each: RegBench's <see cref="Trainer.RunEpoch"/>; a
/// <see cref="HandWrittenLoop"/> that gathers each batch as the trainer does; and the same loop on batches made before the
/// clock. RegBench ÷ hand-written is the engine's overhead (goal ≤ 1.03), gathering ÷ pre-batched the data path's (≤ 1.05).
/// </summary>
internal sealed class EpochBenchmark(IPluginDirectory plugins, Action<string> progress)
{
    /// <summary>Timed epochs of each loop.</summary>
    public const int Rounds = 5;

    /// <summary>The goal of the engine's overhead over a hand-written loop.</summary>
    public static readonly BenchGoal EngineGoal = new(1.03, AtMost: true);

    /// <summary>The goal of gathering batches over pre-batched tensors.</summary>
    public static readonly BenchGoal LoaderGoal = new(1.05, AtMost: true);

    /// <summary>The "epoch" and "loader" rows for <paramref name="request"/>'s baseline on <paramref name="data"/>.</summary>
    public IReadOnlyList<ExtraMeasurement> Run(BenchmarkRequest request, ResolvedDataset dataset, DatasetSplits data, CancellationToken cancellation)
    {
        var cell = request.CellFor(request.Regularizers[0]);
        using var engine = Build(cell, dataset);
        using var trainer = new Trainer(cell, engine.Model, engine.Layers, engine.Regularizer, data);
        engine.Attach(resumed: false, cell.Seed, () => trainer.CurrentLearningRate);
        using var handBuilt = Build(cell, dataset);
        using var hand = new HandWrittenLoop(handBuilt.Model, data, request.BatchSize, BenchmarkRequest.Optimizer.Lr, cell.Seed, preBatched: false);
        using var preBuilt = Build(cell, dataset);
        using var pre = new HandWrittenLoop(preBuilt.Model, data, request.BatchSize, BenchmarkRequest.Optimizer.Lr, cell.Seed, preBatched: true);
        var epoch = 0;
        Func<double>[] loops = [() => trainer.RunEpoch(++epoch, cancellation).EpochSeconds, () => hand.RunEpoch(cancellation), () => pre.RunEpoch(cancellation)];
        var seconds = loops.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round <= Rounds; round++)
        {
            for (var k = 0; k < loops.Length; k++)
            {
                var loop = (k + round) % loops.Length; // each loop goes first in some rounds
                var elapsed = loops[loop]();
                if (round > 0) seconds[loop].Add(elapsed); // round 0 is every loop's warm-up epoch
            }
            if (round > 0) progress($"bench: epoch round {round}/{Rounds} timed");
        }
        List<double> engineSeconds = seconds[0], handSeconds = seconds[1], preSeconds = seconds[2];
        var steps = (data.TrainCount + request.BatchSize - 1) / request.BatchSize;
        var (engineMedian, handMedian, preMedian) = (BenchFigures.Median(engineSeconds), BenchFigures.Median(handSeconds), BenchFigures.Median(preSeconds));
        var size = $"{data.TrainCount} train + {data.TestCount} test examples, {steps} steps of {request.BatchSize}";
        return
        [
            new ExtraMeasurement("epoch", "RegBench Trainer.RunEpoch", engineMedian, "hand-written TorchSharp loop", handMedian, "s",
                BenchFigures.Ratio(engineMedian, handMedian), "×", EngineGoal, $"{request.Architecture.Label}, {size}, median of {Rounds} rounds"),
            new ExtraMeasurement("loader", "hand loop, index_select per batch", handMedian, "same loop, pre-batched tensors", preMedian, "s",
                BenchFigures.Ratio(handMedian, preMedian), "×", LoaderGoal, $"{size}, median of {Rounds} rounds"),
        ];
    }

    private CellModel Build(Experiments.CellSpec cell, ResolvedDataset dataset)
    {
        torch.manual_seed(cell.Seed);
        using var generator = new Generator((ulong)cell.Seed);
        var built = CellModel.Build(plugins, cell, dataset.Shape, generator);
        built.Model.train();
        return built;
    }
}
