using RegBench.Abstractions;
using RegBench.Engine.Plugins;
using RegBench.Engine.Running;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// `regbench bench --extras`: the rows beside the step table, each from its own interleaved rounds — "epoch" (RegBench's
/// epoch ÷ a hand-written TorchSharp loop), "loader" (gathering batches ÷ pre-batched tensors), "memory" (native heap
/// growth from epoch 2 to 10, per measured regularizer) and "conv-sigma" (FFT σ of a 64-channel 3×3 conv on 32×32 against
/// power iteration). A row that throws is reported failed; the others still run.
/// </summary>
public sealed class ExtraBenchmarks(IPluginDirectory plugins, Action<string> progress)
{
    /// <summary>The names --extras accepts ("all" selects every one).</summary>
    public static readonly IReadOnlyList<string> Names = ["epoch", "loader", "memory", "conv-sigma"];

    /// <summary>Runs the extras <paramref name="request"/> asks for, in the order of <see cref="Names"/>.</summary>
    public IReadOnlyList<ExtraMeasurement> Run(BenchmarkRequest request, CancellationToken cancellation)
    {
        var rows = new List<ExtraMeasurement>();
        if (request.Extras.Count == 0) return rows;
        using var datasets = new DatasetResolver(plugins, dataDirectory: null, new StepBenchmark.WarningsOnly(progress));
        ResolvedDataset? dataset = null;
        DatasetSplits? data = null;
        try
        {
            if (request.Extras.Any(e => e is "epoch" or "loader" or "memory"))
            {
                dataset = datasets.Resolve(request.Dataset);
                data = Limit(dataset.Splits, request.EpochExamples);
            }
            if (request.Extras.Any(e => e is "epoch" or "loader"))
            {
                progress("bench: timing epochs (RegBench, hand-written loop, pre-batched)");
                var epochRows = Guard(() => new EpochBenchmark(plugins, progress).Run(request, dataset!, data!, cancellation),
                    error => [ExtraMeasurement.Failed("epoch", EpochBenchmark.EngineGoal, error), ExtraMeasurement.Failed("loader", EpochBenchmark.LoaderGoal, error)]);
                rows.AddRange(epochRows.Where(r => request.Extras.Contains(r.Row)));
            }
            if (request.Extras.Contains("memory"))
                foreach (var regularizer in request.Regularizers)
                    rows.Add(Guard(() => new MemoryGrowthBenchmark(plugins, progress).Run(request, regularizer, dataset!, data!, cancellation),
                        error => ExtraMeasurement.Failed($"memory ({regularizer.Label})", MemoryGrowthBenchmark.Goal, error)));
            if (request.Extras.Contains("conv-sigma"))
                rows.Add(Guard(() => new ConvSigmaBenchmark(progress).Run(cancellation), error => ExtraMeasurement.Failed("conv-sigma", ConvSigmaBenchmark.Goal, error)));
            return rows;
        }
        finally
        {
            if (data is not null && dataset is not null && !ReferenceEquals(data, dataset.Splits))
            {
                data.TrainImages.Dispose();
                data.TrainLabels.Dispose();
            }
        }
    }

    /// <summary>The first <paramref name="examples"/> training examples (all when null or more than there are); the test split unchanged.</summary>
    internal static DatasetSplits Limit(DatasetSplits splits, long? examples)
    {
        if (examples is not { } count || count >= splits.TrainCount) return splits;
        return new DatasetSplits(splits.TrainImages.narrow(0, 0, count), splits.TrainLabels.narrow(0, 0, count), splits.TestImages, splits.TestLabels, splits.Source)
            { Augmentation = splits.Augmentation };
    }

    private static T Guard<T>(Func<T> measure, Func<string, T> failed)
    {
        try
        {
            return measure();
        }
        catch (Exception error) when (error is not OperationCanceledException and not OutOfMemoryException)
        {
            return failed($"{error.GetType().Name}: {error.Message}");
        }
    }
}
