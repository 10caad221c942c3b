using System.Globalization;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Running;
using RegBench.Experiments;
using RegBench.Results;
using TorchSharp;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// `regbench bench`: times the training step of each regularizer exactly as a cell runs it (<see cref="BenchedModel"/>: the
/// model built by <see cref="CellModel"/>, the engine's <see cref="Training.Trainer.Step"/>, a dispose scope per step) on one
/// fixed model and dataset. Every regularizer gets its own model and <c>WarmupSteps</c> untimed steps; then the timed steps
/// run in rounds — each round a few steps of every regularizer, the baseline first — so that all of them are measured across
/// the same stretch of time.
/// </summary>
/// <remarks>
/// Why rounds: on this project's 2-core VM a fresh process's native heap grows in bursts for its first few hundred steps
/// (2,000–3,000 page faults in a step, steps 2–4× slower) and the machine has slow phases of its own. Timed one regularizer
/// after another, whichever came first paid for that: weight decay measured 0.4–1.2× none between runs; in rounds 1.0–1.2×.
/// The price: every regularizer's model, optimizer state and layer state are alive together (about 50 MB each for the default
/// 3×1024 MLP), and RSS, which glibc moves by tens to hundreds of MB when it trims and regrows its heaps, can only be
/// attributed step by step; the native heap in use (<see cref="NativeHeap"/>) and live tensors are the leak signals.
/// </remarks>
public sealed class StepBenchmark(IPluginDirectory plugins, Action<string> progress)
{
    /// <summary>Rounds the timed steps are split into (fewer when there are fewer steps).</summary>
    public const int Rounds = 10;

    /// <summary>
    /// Measures every regularizer of <paramref name="request"/>; the first is the baseline of every ratio. A
    /// <paramref name="partner"/> (the PyTorch reference) is prepared after the warm-ups and timed right after each regularizer in every round.
    /// </summary>
    public BenchmarkReport Run(BenchmarkRequest request, CancellationToken cancellation, IRoundPartner? partner = null)
    {
        if (request.Threads is { } threads) torch.set_num_threads(threads);
        var started = DateTimeOffset.UtcNow;
        var loadAtStart = LoadAverage();
        using var datasets = new DatasetResolver(plugins, dataDirectory: null, new WarningsOnly(progress));
        var dataset = datasets.Resolve(request.Dataset);
        if (dataset.Splits.TrainCount < request.BatchSize)
            throw ConfigurationException.At("--batch-size", ConfigurationCodes.InvalidNumber,
                $"{request.BatchSize} is more than the {dataset.Splits.TrainCount} training examples of {dataset.Used}; use a smaller batch or a larger dataset.");
        var models = new List<BenchedModel>();
        var failed = new Dictionary<PluginChoice, string>();
        try
        {
            foreach (var choice in request.Regularizers)
            {
                progress($"bench: building {choice.Label} and running {request.WarmupSteps} warm-up steps");
                try
                {
                    models.Add(BenchedModel.Start(plugins, request.CellFor(choice), dataset, request.WarmupSteps, Torch.DevicePlacement.Named(request.Device),
                        cancellation, request.CheckSigma));
                }
                catch (Exception error) when (error is not OperationCanceledException and not OutOfMemoryException)
                {
                    failed[choice] = $"{error.GetType().Name}: {error.Message}";
                }
            }
            if (partner is not null)
            {
                progress("bench: preparing the reference and running its warm-up steps");
                partner.Prepare(plugins, request, dataset, cancellation);
            }
            var processRss = TimeInRounds(models, request.TimedSteps, partner, cancellation);
            var rows = request.Regularizers.Select(choice => failed.TryGetValue(choice, out var error)
                ? StepMeasurement.Failed(choice, error)
                : models.First(m => m.Choice.Equals(choice)).Result()).ToList();
            rows = [.. rows.Select(row => row with { Ratio = row.MedianMilliseconds / rows[0].MedianMilliseconds })];
            var machine = new BenchmarkMachine(Environment.MachineName, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                Environment.ProcessorCount, torch.get_num_threads(), typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?", loadAtStart, LoadAverage());
            return new BenchmarkReport(request, dataset.Used, started, machine, processRss, rows, request.Limits.Check(rows, rows[0]));
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }

    /// <summary>Times every model's steps in rounds; returns the process's RSS growth over them (after a full GC before the first).</summary>
    private ProcessRss TimeInRounds(IReadOnlyList<BenchedModel> models, int timedSteps, IRoundPartner? partner, CancellationToken cancellation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var rss = new RssSampler();
        var rounds = Math.Min(Rounds, timedSteps);
        for (var round = 0; round < rounds; round++)
        {
            var steps = timedSteps * (round + 1) / rounds - timedSteps * round / rounds; // spreads the remainder: 3 steps in 2 rounds → 1, 2
            foreach (var model in models)
            {
                model.Time(steps, rss, cancellation);
                partner?.Time(model.Choice, steps, cancellation);
            }
            progress($"bench: round {round + 1}/{rounds} timed");
        }
        return new ProcessRss(rss.GrowthBytes / (1024.0 * 1024), rss.PeakGrowthBytes / (1024.0 * 1024));
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

    /// <summary>The dataset resolver's progress sink: only its warnings (a fallback to synthetic data) matter here.</summary>
    internal sealed class WarningsOnly(Action<string> progress) : IRunProgress
    {
        public void Warning(string message) => progress($"warning: {message}");
        public void MatrixStarted(string profile, int total, int toRun) { }
        public void CellStarted(int index, int toRun, CellSpec cell, string datasetUsed) { }
        public void EpochFinished(CellSpec cell, EpochRecord epoch, IReadOnlyList<LayerRecord> layers) { }
        public void CellFinished(CellSpec cell, CellStatus status, string? error) { }
    }
}
