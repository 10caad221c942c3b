using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Plugins;
using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>
/// One cell of a profile's matrix: everything that defines one training run. <see cref="CellId"/> is the first
/// 16 hex digits of SHA-256 of <see cref="CanonicalJson"/>, which holds each plugin's options bound (every default filled)
/// and its manifest version, so the same cell has the same id on every machine and run, however its options are written.
/// </summary>
public sealed record CellSpec(
    string Profile,
    PluginChoice Dataset,
    PluginChoice Architecture,
    PluginChoice Regularizer,
    long Seed,
    int BatchSize,
    int Epochs,
    OptimizerSettings Optimizer,
    ScheduleSettings Schedule,
    string Init = "default")
{
    /// <summary>The profile's accuracy threshold for the generalization gap (not part of the id: it changes no training).</summary>
    public double? GapThreshold { get; init; }

    /// <summary>Layers larger than 4096×4096 keep their full spectrum every this many epochs (diagnostics only; not part of the id).</summary>
    public int SpectrumEvery { get; init; } = 10;

    /// <summary>Canonical JSON of the cell (id rule 2): sorted keys, normalized numbers, each plugin's bound options with every default and its version.</summary>
    public string CanonicalJson => CellIdentity.CellJson(Profile, Dataset.Identity, Architecture.Identity, Regularizer.Identity,
        Seed, BatchSize, Epochs, OptimizerDraft, ScheduleDraft, Init);

    /// <summary>Stable id: 16 lower-case hex digits of SHA-256 of <see cref="CanonicalJson"/>.</summary>
    public string CellId => CellIdentity.Id(CanonicalJson);

    /// <summary>The cell's canonical JSON under id rule 1 (before Abstractions 2): options as written, no plugin versions.</summary>
    public string LegacyCanonicalJson => CellIdentity.LegacyCellJson(Profile,
        (Dataset.Name, Dataset.WrittenOptions), (Architecture.Name, Architecture.WrittenOptions), (Regularizer.Name, Regularizer.WrittenOptions),
        Seed, BatchSize, Epochs, OptimizerDraft, ScheduleDraft, Init);

    /// <summary>
    /// The id this cell had under id rule 1, which stores written before Abstractions 2 hold;
    /// <see cref="Running.ExperimentRunner"/> re-keys such a cell to <see cref="CellId"/> when it meets it.
    /// </summary>
    public string LegacyCellId => CellIdentity.Id(LegacyCanonicalJson);

    /// <summary>One-line description for logs: "fashion-mnist / mlp(depth=3) / none / seed 0 / batch 512".</summary>
    public string Label => $"{Dataset.Label} / {Architecture.Label} / {Regularizer.Label} / seed {Seed} / batch {BatchSize}";

    /// <summary>
    /// Rebuilds a cell from the canonical JSON a store row (cells.options_json) or checkpoint header holds, e.g. for
    /// `resume`. Plugins written with a "version" (id rule 2) are taken as stored, so the id is the stored one; a cell
    /// stored under id rule 1 has its options bound with <paramref name="plugins"/> (defaults filled, current versions).
    /// </summary>
    /// <exception cref="InvalidDataException">The text is not a cell's canonical JSON (e.g. "Infinity", a missing key); says what is wrong.</exception>
    public static CellSpec FromStoredJson(string json, IPluginDirectory plugins)
    {
        try
        {
            return Parse(json, plugins);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"not the canonical JSON of a cell: {error.Message}", error);
        }
    }

    private static CellSpec Parse(string json, IPluginDirectory plugins)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        PluginChoice Plugin(JsonElement element, PluginKind kind)
        {
            var name = element.GetProperty("name").GetString()!;
            var options = element.GetProperty("options").Clone();
            return element.TryGetProperty("version", out var version)
                ? new PluginChoice(kind, name, options, Experiments.CanonicalJson.Write(options), version.GetInt32())
                : PluginChoice.Bind(plugins, kind, name, options);
        }
        var optimizer = root.GetProperty("optimizer");
        var schedule = root.GetProperty("schedule");
        return new CellSpec(
            root.GetProperty("profile").GetString()!,
            Plugin(root.GetProperty("dataset"), PluginKind.Dataset),
            Plugin(root.GetProperty("architecture"), PluginKind.Architecture),
            Plugin(root.GetProperty("regularizer"), PluginKind.Regularizer),
            root.GetProperty("seed").GetInt64(),
            root.GetProperty("batchSize").GetInt32(),
            root.GetProperty("epochs").GetInt32(),
            new OptimizerSettings(optimizer.GetProperty("name").GetString()!, optimizer.GetProperty("lr").GetDouble(),
                optimizer.GetProperty("momentum").GetDouble(), optimizer.GetProperty("nesterov").GetBoolean(), optimizer.GetProperty("weightDecay").GetDouble()),
            new ScheduleSettings(schedule.GetProperty("name").GetString()!, schedule.GetProperty("milestones").EnumerateArray().Select(m => m.GetInt32()).ToList(),
                schedule.GetProperty("gamma").GetDouble(), schedule.GetProperty("warmupEpochs").GetInt32()),
            root.TryGetProperty("init", out var init) ? init.GetString()! : "default");
    }

    private OptimizerDraft OptimizerDraft => new(Optimizer.Name, Optimizer.Lr, Optimizer.Momentum, Optimizer.Nesterov, Optimizer.WeightDecay);

    private ScheduleDraft ScheduleDraft => new(Schedule.Name, Schedule.Milestones, Schedule.Gamma, Schedule.WarmupEpochs);
}
