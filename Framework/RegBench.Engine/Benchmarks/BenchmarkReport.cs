using System.Text.Json;
using System.Text.Json.Nodes;
using RegBench.Engine.Experiments;
using RegBench.Engine.Torch;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// One regularizer's training step as measured: median and p90 wall milliseconds of its timed steps, the median's ratio to
/// the baseline's, and what its timed steps changed, each the sum over those steps of the change across the step: the native
/// heap in use (<see cref="NativeHeap"/>; NaN where it cannot be read), RSS (final sum, and the largest running sum as peak),
/// and this thread's live tensors (0 when nothing leaks); plus the metrics the regularizer reported
/// (<see cref="Abstractions.IReportsMetrics"/>) for the timed steps. <see cref="Error"/> is set when the measurement failed.
/// </summary>
public sealed record StepMeasurement(
    PluginChoice Choice,
    int TimedSteps,
    double MedianMilliseconds,
    double P90Milliseconds,
    double Ratio,
    double HeapGrowthMegabytes,
    double RssGrowthMegabytes,
    double RssPeakGrowthMegabytes,
    long LiveTensorGrowth,
    IReadOnlyDictionary<string, double> Metrics,
    string? Error = null)
{
    /// <summary>The row's name: the plugin's label, with options when given ("weight-decay(lambda=0.01)").</summary>
    public string Regularizer => Choice.Label;

    /// <summary>A row for a measurement that threw.</summary>
    public static StepMeasurement Failed(PluginChoice choice, string error) =>
        new(choice, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, new Dictionary<string, double>(), error);
}

/// <summary>Where the numbers were taken: host, cores, torch threads, TorchSharp, and the load average before and after.</summary>
public sealed record BenchmarkMachine(string Name, string OperatingSystem, int ProcessorCount, int TorchThreads, string TorchSharpVersion,
    double[]? LoadAverageStart, double[]? LoadAverageEnd)
{
    /// <summary>"1.66 2.67 6.77" (1, 5 and 15 minutes), or "n/a" off Linux.</summary>
    public static string Describe(double[]? loadAverage) => loadAverage is null ? "n/a" : string.Join(' ', loadAverage.Select(F2));

    private static string F2(double value) => value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The process's RSS from after every warm-up (and a full GC) to after the last timed step, and its highest reading between steps, in MB.</summary>
public sealed record ProcessRss(double GrowthMegabytes, double PeakGrowthMegabytes);

/// <summary>A finished `regbench bench`: the request, the machine, the process's RSS, one row per regularizer (baseline first) and every violated limit.</summary>
public sealed record BenchmarkReport(BenchmarkRequest Request, string DatasetUsed, DateTimeOffset StartedUtc, BenchmarkMachine Machine,
    ProcessRss ProcessRss, IReadOnlyList<StepMeasurement> Rows, IReadOnlyList<string> Violations)
{
    /// <summary>`--compare-pytorch`: the PyTorch column, or why it was skipped; null when not asked for.</summary>
    public PyTorchComparison? PyTorch { get; init; }

    /// <summary>`--extras`: the rows measured after the steps.</summary>
    public IReadOnlyList<ExtraMeasurement> Extras { get; init; } = [];

    /// <summary>The JSON form documented in README (`regbench bench --json`); NaN (a failed row) is null.</summary>
    public JsonObject ToJson() => new()
    {
        ["started_utc"] = StartedUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["machine"] = new JsonObject
        {
            ["name"] = Machine.Name,
            ["os"] = Machine.OperatingSystem,
            ["processor_count"] = Machine.ProcessorCount,
            ["torch_threads"] = Machine.TorchThreads,
            ["torchsharp"] = Machine.TorchSharpVersion,
            ["load_average_start"] = Load(Machine.LoadAverageStart),
            ["load_average_end"] = Load(Machine.LoadAverageEnd),
        },
        ["settings"] = new JsonObject
        {
            ["architecture"] = Plugin(Request.Architecture),
            ["dataset"] = Plugin(Request.Dataset),
            ["dataset_used"] = DatasetUsed,
            ["device"] = Request.Device,
            ["batch_size"] = Request.BatchSize,
            ["warmup_steps"] = Request.WarmupSteps,
            ["timed_steps"] = Request.TimedSteps,
            ["seed"] = BenchmarkRequest.Seed,
            ["optimizer"] = new JsonObject { ["name"] = BenchmarkRequest.Optimizer.Name, ["lr"] = BenchmarkRequest.Optimizer.Lr },
            ["rounds"] = Math.Min(StepBenchmark.Rounds, Request.TimedSteps),
        },
        ["process_rss_growth_mb"] = Number(ProcessRss.GrowthMegabytes),
        ["process_rss_peak_growth_mb"] = Number(ProcessRss.PeakGrowthMegabytes),
        ["baseline"] = BenchmarkRequest.BaselineName,
        ["results"] = new JsonArray([.. Rows.Select(r => (JsonNode)new JsonObject
        {
            ["regularizer"] = r.Regularizer,
            ["name"] = r.Choice.Name,
            ["options"] = JsonNode.Parse(r.Choice.WrittenOptions),
            ["median_ms"] = Number(r.MedianMilliseconds),
            ["p90_ms"] = Number(r.P90Milliseconds),
            ["ratio"] = Number(r.Ratio),
            ["heap_growth_mb"] = Number(r.HeapGrowthMegabytes),
            ["rss_growth_mb"] = Number(r.RssGrowthMegabytes),
            ["rss_peak_growth_mb"] = Number(r.RssPeakGrowthMegabytes),
            ["live_tensor_growth"] = r.LiveTensorGrowth,
            ["metrics"] = new JsonObject(r.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => KeyValuePair.Create(m.Key, Number(m.Value)))),
            ["error"] = r.Error,
        })]),
        ["violations"] = new JsonArray([.. Violations.Select(v => (JsonNode)v!)]),
        ["pytorch"] = PyTorch is null ? null : BenchmarkReportJson.PyTorch(PyTorch, Rows),
        ["extras"] = new JsonArray([.. Extras.Select(BenchmarkReportJson.Extra)]),
    };

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> through a temp file and a rename; an I/O failure is an <see cref="EnvironmentException"/> (exit 3).</summary>
    public void WriteJson(string path)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new EnvironmentException($"could not write the benchmark report to {path} ({error.Message}); check that --out names a writable file.");
        }
    }

    private static JsonNode Plugin(PluginChoice choice)
    {
        var node = JsonNode.Parse(choice.WrittenOptions)!.AsObject();
        node.Insert(0, "name", choice.Name);
        return node;
    }

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static JsonNode? Load(double[]? loadAverage) => loadAverage is null ? null : new JsonArray([.. loadAverage.Select(v => (JsonNode)v)]);
}
