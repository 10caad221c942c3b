using System.Diagnostics;
using System.Globalization;
using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Running;
using RegBench.Engine.Training;
using RegBench.Results;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// `regbench bench`: times the training step of each regularizer exactly as a cell runs it — the model built by
/// <see cref="CellModel"/>, steps by the engine's <see cref="Trainer.Step"/> (same phases, same one host read), each step
/// in its own dispose scope — on one fixed model and dataset. Per regularizer: a fresh model, <c>WarmupSteps</c> untimed steps,
/// then <c>TimedSteps</c> timed ones (wall clock around the whole scope, disposal included). RSS and live tensors are read after
/// warm-up and after the timed steps (each after a full GC, so only native memory that stays counts) and RSS after every timed
/// step, outside the clock.
/// </summary>
public sealed class StepBenchmark(IPluginDirectory plugins, Action<string> warn)
{
    private const double Megabyte = 1024 * 1024;

    /// <summary>Measures every regularizer of <paramref name="request"/> (baseline first), calling <paramref name="measured"/> after each.</summary>
    public BenchmarkReport Run(BenchmarkRequest request, Action<StepMeasurement>? measured, CancellationToken cancellation)
    {
        if (request.Threads is { } threads) torch.set_num_threads(threads);
        var started = DateTimeOffset.UtcNow;
        var loadAtStart = LoadAverage();
        using var datasets = new DatasetResolver(plugins, dataDirectory: null, new WarningsOnly(warn));
        var dataset = datasets.Resolve(request.Dataset);
        if (dataset.Splits.TrainCount < request.BatchSize)
            throw PluginArgument.Error("--batch-size", ConfigurationCodes.InvalidNumber,
                $"{request.BatchSize} is more than the {dataset.Splits.TrainCount} training examples of {dataset.Used}; use a smaller batch or a larger dataset.");
        var rows = new List<StepMeasurement>();
        foreach (var choice in request.Regularizers)
        {
            cancellation.ThrowIfCancellationRequested();
            var row = MeasureOrFail(request, choice, dataset, cancellation);
            row = row with { Ratio = row.MedianMilliseconds / (rows.FirstOrDefault() ?? row).MedianMilliseconds };
            rows.Add(row);
            measured?.Invoke(row);
        }
        var machine = new BenchmarkMachine(Environment.MachineName, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            Environment.ProcessorCount, torch.get_num_threads(), typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?", loadAtStart, LoadAverage());
        return new BenchmarkReport(request, dataset.Used, started, machine, rows, request.Limits.Check(rows, rows[0]));
    }

    private StepMeasurement MeasureOrFail(BenchmarkRequest request, PluginChoice choice, ResolvedDataset dataset, CancellationToken cancellation)
    {
        try
        {
            return Measure(request, request.CellFor(choice), dataset, cancellation);
        }
        catch (Exception error) when (error is not OperationCanceledException and not OutOfMemoryException)
        {
            return StepMeasurement.Failed(choice, $"{error.GetType().Name}: {error.Message}");
        }
    }

    private StepMeasurement Measure(BenchmarkRequest request, CellSpec cell, ResolvedDataset dataset, CancellationToken cancellation)
    {
        torch.manual_seed(cell.Seed);
        using var generator = new Generator((ulong)cell.Seed);
        using var built = CellModel.Build(plugins, cell, dataset.Shape, generator);
        using var trainer = new Trainer(cell, built.Model, built.Layers, built.Regularizer, dataset.Splits);
        built.Attach(resumed: false, cell.Seed, () => trainer.CurrentLearningRate);
        built.Model.train();
        using var batches = new BatchOrder(dataset.Splits.TrainCount, cell.BatchSize, cell.Seed);
        using var correct = zeros(1, ScalarType.Int64);
        for (var step = 0; step < request.WarmupSteps; step++) TimedStep(trainer, batches, correct, step, cancellation);
        (built.Regularizer as IReportsMetrics)?.CollectEpochMetrics(); // drop what warm-up reported

        using var process = Process.GetCurrentProcess();
        var (rssBefore, liveBefore) = Settled(process);
        var peak = rssBefore;
        var milliseconds = new double[request.TimedSteps];
        for (var step = 0; step < request.TimedSteps; step++)
        {
            milliseconds[step] = TimedStep(trainer, batches, correct, request.WarmupSteps + step, cancellation);
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
        }
        var (rssAfter, liveAfter) = Settled(process);
        var metrics = (built.Regularizer as IReportsMetrics)?.CollectEpochMetrics() ?? new Dictionary<string, double>();
        Array.Sort(milliseconds);
        return new StepMeasurement(cell.Regularizer, request.TimedSteps, Trainer.Percentile(milliseconds, 0.5), Trainer.Percentile(milliseconds, 0.9),
            Ratio: double.NaN, (rssAfter - rssBefore) / Megabyte, (peak - rssBefore) / Megabyte, liveAfter - liveBefore, metrics);
    }

    /// <summary>One engine step on the next batch, in its own dispose scope; wall milliseconds including the scope's disposal.</summary>
    private static double TimedStep(Trainer trainer, BatchOrder batches, Tensor correct, int step, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        using (NewDisposeScope())
        {
            var loss = trainer.Step(batches.Next(), correct);
            if (!float.IsFinite(loss)) throw new DivergedException(1, step + 1, loss);
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>RSS in bytes and this thread's live tensors after a full, finalized GC.</summary>
    private static (long Rss, long LiveTensors) Settled(Process process)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        process.Refresh();
        return (process.WorkingSet64, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    /// <summary>1, 5 and 15-minute load averages from /proc/loadavg; null where there is none.</summary>
    private static double[]? LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Full batches of a seeded permutation of the training split, in a cycle.</summary>
    private sealed class BatchOrder(long count, int batchSize, long seed) : IDisposable
    {
        private readonly Tensor order = Permutation(count, seed);
        private readonly long batches = count / batchSize;
        private long next;

        public Tensor Next() => order.narrow(0, next++ % batches * batchSize, batchSize);

        public void Dispose() => order.Dispose();

        private static Tensor Permutation(long count, long seed)
        {
            using var generator = new Generator((ulong)seed);
            return randperm(count, generator: generator);
        }
    }

    /// <summary>The dataset resolver's progress sink: only its warnings (a fallback to synthetic data) matter here.</summary>
    private sealed class WarningsOnly(Action<string> warn) : IRunProgress
    {
        public void Warning(string message) => warn(message);
        public void MatrixStarted(string profile, int total, int toRun) { }
        public void CellStarted(int index, int toRun, CellSpec cell, string datasetUsed) { }
        public void EpochFinished(CellSpec cell, EpochRecord epoch, IReadOnlyList<LayerRecord> layers) { }
        public void CellFinished(CellSpec cell, CellStatus status, string? error) { }
    }
}
