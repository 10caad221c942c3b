using System.Globalization;
using RegBench.Abstractions;
using RegBench.Engine.Benchmarks;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Experiments;

namespace RegBench.Cli.Arguments;

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
    string? OutputPath)
{
    /// <summary>--check-sigma: compare every training σ estimate with exact σ₁ after its step (implied by <see cref="MaxSigmaErrors"/>).</summary>
    public bool CheckSigma { get; init; }

    /// <summary>Each --max-sigma-error "NAME=E": the largest relative σ error NAME's checked estimates may have.</summary>
    public IReadOnlyList<string> MaxSigmaErrors { get; init; } = [];

    /// <summary>`--extras a,b`: rows of <see cref="ExtraBenchmarks.Names"/> (or "all") measured after the steps.</summary>
    public IReadOnlyList<string> Extras { get; init; } = [];

    /// <summary>`--epoch-examples N`: training examples an epoch of the extra rows uses (null: the whole split).</summary>
    public long? EpochExamples { get; init; }

    /// <summary>`--compare-pytorch` was given (with or without an interpreter).</summary>
    public bool ComparePyTorch { get; init; }

    /// <summary>The interpreter after `--compare-pytorch`, or null to try <see cref="PyTorchReference.DefaultPythons"/>.</summary>
    public string? Python { get; init; }

    /// <summary>Checks the arguments against the loaded plugins; every problem is a <see cref="ConfigurationException"/> (exit 2) naming its option.</summary>
    public BenchmarkRequest ToRequest(IPluginDirectory plugins)
    {
        Positive("--steps", TimedSteps);
        Positive("--batch-size", BatchSize);
        if (WarmupSteps < 0) throw Invalid("--warmup", $"must be ≥ 0, found {WarmupSteps}.");
        if (Threads is { } threads) Positive("--threads", threads);
        if (OutputPath is { } output && Path.GetDirectoryName(Path.GetFullPath(output)) is { } folder && !Directory.Exists(folder))
            throw Invalid("--out", $"folder '{folder}' does not exist; create it or write the JSON elsewhere.");
        var dataset = PluginArgument.Parse(PluginKind.Dataset, "--dataset", Dataset, plugins);
        var architecture = PluginArgument.Parse(PluginKind.Architecture, "--architecture", Architecture, plugins);
        var chosen = (Regularizers.Count > 0 ? Regularizers : plugins.Names(PluginKind.Regularizer))
            .Select(r => PluginArgument.Parse(PluginKind.Regularizer, "--regularizer", r, plugins));
        var baseline = PluginArgument.Parse(PluginKind.Regularizer, "--regularizer", BenchmarkRequest.BaselineName, plugins);
        List<PluginChoice> regularizers = [baseline, .. chosen.Where(c => !c.Equals(baseline)).Distinct()];
        var sigmaErrors = Named("--max-sigma-error", "spectral-scaling=1e-3", MaxSigmaErrors, regularizers)
            .Select(limit => new SigmaErrorLimit(limit.Name, limit.Value)).ToList();
        return new BenchmarkRequest(dataset, architecture, regularizers, BatchSize, TimedSteps, WarmupSteps, Threads,
            Limits(regularizers) with { MaxSigmaErrors = sigmaErrors }, OutputPath is { } path ? Path.GetFullPath(path) : null)
        {
            CheckSigma = CheckSigma || sigmaErrors.Count > 0,
            Extras = CheckedExtras(), EpochExamples = CheckedEpochExamples(), ComparePyTorch = ComparePyTorch, Python = CheckedPython(),
        };
    }

    /// <summary>Every --extras name known ("all" is every one), each once, in <see cref="ExtraBenchmarks.Names"/>' order.</summary>
    private List<string> CheckedExtras()
    {
        var names = Extras.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var name in names.Where(n => n != "all" && !ExtraBenchmarks.Names.Contains(n)))
            throw PluginArgument.Error("--extras", ConfigurationCodes.UnknownPlugin,
                $"unknown row '{name}'{Suggest.DidYouMean(name, [.. ExtraBenchmarks.Names, "all"])}. Known: {string.Join(", ", ExtraBenchmarks.Names)}, all.");
        return [.. ExtraBenchmarks.Names.Where(n => names.Contains(n) || names.Contains("all"))];
    }

    private long? CheckedEpochExamples()
    {
        if (EpochExamples is { } examples && examples < BatchSize)
            throw Invalid("--epoch-examples", $"must be ≥ --batch-size ({BatchSize}), found {examples}.");
        return EpochExamples;
    }

    private string? CheckedPython()
    {
        if (Python is { } python && string.IsNullOrWhiteSpace(python))
            throw Invalid("--compare-pytorch", "the interpreter is empty; name one (e.g. /usr/bin/python3) or give the option alone to try python3, then /usr/bin/python3.");
        return Python;
    }

    /// <summary>
    /// Each --max-ratio "NAME=R": NAME is a regularizer's label as measured ("weight-decay(lambda=0.01)") or its plugin name
    /// (every row of that plugin); --max-growth-mb a finite number ≥ 0.
    /// </summary>
    private BenchmarkLimits Limits(IReadOnlyList<PluginChoice> measured)
    {
        var ratios = Named("--max-ratio", "spectral-scaling=2.5", MaxRatios, measured).Select(limit => new RatioLimit(limit.Name, limit.Value)).ToList();
        if (MaxGrowthMegabytes is { } growth && !(growth >= 0 && double.IsFinite(growth)))
            throw Invalid("--max-growth-mb", $"must be a finite number ≥ 0, found {growth.ToString(CultureInfo.InvariantCulture)}.");
        return new BenchmarkLimits(ratios, MaxGrowthMegabytes);
    }

    /// <summary>Entries "NAME=VALUE" of <paramref name="option"/>: VALUE a finite number &gt; 0, NAME a measured row's label or plugin name.</summary>
    private static List<(string Name, double Value)> Named(string option, string example, IReadOnlyList<string> entries, IReadOnlyList<PluginChoice> measured)
    {
        var limits = new List<(string, double)>();
        foreach (var entry in entries)
        {
            var split = entry.LastIndexOf('=');
            if (split <= 0 || !double.TryParse(entry[(split + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw PluginArgument.Error(option, ConfigurationCodes.WrongType, $"expected NAME={(option == "--max-ratio" ? "RATIO" : "VALUE")} such as {example}, found '{entry}'.");
            if (!(value > 0) || double.IsInfinity(value))
                throw Invalid(option, $"'{entry}': the {(option == "--max-ratio" ? "ratio" : "value")} must be a finite number > 0.");
            var name = entry[..split];
            if (!measured.Any(m => BenchmarkLimits.Matches(m, name)))
            {
                var labels = measured.Select(m => m.Label).ToList();
                throw PluginArgument.Error(option, ConfigurationCodes.UnknownPlugin,
                    $"'{name}' is not measured{Suggest.DidYouMean(name, labels)}. Measured: {string.Join(", ", labels)}.");
            }
            limits.Add((name, value));
        }
        return limits;
    }

    private static void Positive(string option, int value)
    {
        if (value < 1) throw Invalid(option, $"must be ≥ 1, found {value}.");
    }

    private static ConfigurationException Invalid(string option, string message) =>
        PluginArgument.Error(option, ConfigurationCodes.InvalidNumber, message);
}
