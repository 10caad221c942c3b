using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// `regbench bench` as typed: each regularizer a name or an experiments.json object (empty: every loaded regularizer at
/// its default options), architecture and dataset as name or JSON, sizes, and the limits to check.
/// </summary>
public sealed record BenchmarkArguments(
    IReadOnlyList<string> Regularizers,
    string Architecture,
    string Dataset,
    int BatchSize,
    int TimedSteps,
    int WarmupSteps,
    int? Threads,
    IReadOnlyList<string> MaxRatios,
    double? MaxGrowthMegabytes,
    string? OutputPath);

/// <summary>
/// A checked benchmark: the fixed model and data every regularizer is measured on, the regularizers in order (the
/// <see cref="BaselineName"/> baseline first, always), steps, and limits. Training settings are those of a plain cell:
/// seed 0, Adam with learning rate 1e-3, constant schedule, default init.
/// </summary>
public sealed record BenchmarkRequest(
    PluginChoice Dataset,
    PluginChoice Architecture,
    IReadOnlyList<PluginChoice> Regularizers,
    int BatchSize,
    int TimedSteps,
    int WarmupSteps,
    int? Threads,
    BenchmarkLimits Limits,
    string? OutputPath)
{
    /// <summary>The regularizer every ratio is relative to, measured first in the same run.</summary>
    public const string BaselineName = "none";

    /// <summary>DESIGN's 3×1024 MLP.</summary>
    public const string DefaultArchitecture = """{"name":"mlp","depth":3,"width":1024}""";

    /// <summary>Embedded synthetic data: 1×28×28, 10 classes, no files.</summary>
    public const string DefaultDataset = "synthetic";

    /// <summary>Seed of the model, the data order and the regularizers.</summary>
    public const long Seed = 0;

    /// <summary>The optimizer of every measured step.</summary>
    public static OptimizerSettings Optimizer { get; } = new("adam", 1e-3);

    /// <summary>Checks <paramref name="arguments"/> against the loaded plugins; every problem is a <see cref="ConfigurationException"/> (exit 2).</summary>
    public static BenchmarkRequest From(BenchmarkArguments arguments, IPluginDirectory plugins)
    {
        Positive("--steps", arguments.TimedSteps);
        Positive("--batch-size", arguments.BatchSize);
        if (arguments.WarmupSteps < 0) throw Invalid("--warmup", $"must be ≥ 0, found {arguments.WarmupSteps}.");
        if (arguments.Threads is { } threads) Positive("--threads", threads);
        if (arguments.OutputPath is { } output && Path.GetDirectoryName(Path.GetFullPath(output)) is { } folder && !Directory.Exists(folder))
            throw Invalid("--out", $"folder '{folder}' does not exist; create it or write the JSON elsewhere.");
        var dataset = PluginArgument.Parse(PluginKind.Dataset, "--dataset", arguments.Dataset, plugins);
        var architecture = PluginArgument.Parse(PluginKind.Architecture, "--architecture", arguments.Architecture, plugins);
        var chosen = arguments.Regularizers.Count > 0
            ? arguments.Regularizers.Select(r => PluginArgument.Parse(PluginKind.Regularizer, "--regularizer", r, plugins))
            : plugins.Names(PluginKind.Regularizer).Select(name => PluginArgument.Parse(PluginKind.Regularizer, "--regularizer", name, plugins));
        var baseline = PluginArgument.Parse(PluginKind.Regularizer, "--regularizer", BaselineName, plugins);
        List<PluginChoice> regularizers = [baseline, .. chosen.Where(c => !c.Equals(baseline)).Distinct()];
        var limits = BenchmarkLimits.Parse(arguments.MaxRatios, arguments.MaxGrowthMegabytes, regularizers);
        return new BenchmarkRequest(dataset, architecture, regularizers, arguments.BatchSize, arguments.TimedSteps, arguments.WarmupSteps,
            arguments.Threads, limits, arguments.OutputPath is { } path ? Path.GetFullPath(path) : null);
    }

    /// <summary>The cell whose training step is measured for <paramref name="regularizer"/> (profile "bench", one epoch).</summary>
    public CellSpec CellFor(PluginChoice regularizer) =>
        new("bench", Dataset, Architecture, regularizer, Seed, BatchSize, Epochs: 1, Optimizer, new ScheduleSettings());

    private static void Positive(string option, int value)
    {
        if (value < 1) throw Invalid(option, $"must be ≥ 1, found {value}.");
    }

    private static ConfigurationException Invalid(string option, string message) =>
        PluginArgument.Error(option, ConfigurationCodes.InvalidNumber, message);
}
