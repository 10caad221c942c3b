using System.Text.Json;
using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>
/// One cell of a profile's matrix: everything that defines one training run. <see cref="CellId"/> is the first
/// 16 hex digits of SHA-256 of <see cref="CanonicalJson"/>, so the same cell has the same id on every machine and run.
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

    /// <summary>Canonical JSON of the cell: sorted keys, normalized numbers, plugin options as written.</summary>
    public string CanonicalJson => BuildCanonicalJson();

    /// <summary>Stable id: 16 lower-case hex digits.</summary>
    public string CellId => CellIdentity.Id(CanonicalJson);

    /// <summary>One-line description for logs: "fashion-mnist / mlp(depth=3) / none / seed 0 / batch 512".</summary>
    public string Label => $"{Dataset.Label} / {Architecture.Label} / {Regularizer.Label} / seed {Seed} / batch {BatchSize}";

    /// <summary>Rebuilds a cell from its canonical JSON (cells.options_json), e.g. for `resume`.</summary>
    public static CellSpec FromCanonicalJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        static PluginChoice Plugin(JsonElement element, RegBench.Abstractions.PluginKind kind) =>
            new(kind, element.GetProperty("name").GetString()!, element.GetProperty("options").Clone());
        var optimizer = root.GetProperty("optimizer");
        var schedule = root.GetProperty("schedule");
        return new CellSpec(
            root.GetProperty("profile").GetString()!,
            Plugin(root.GetProperty("dataset"), RegBench.Abstractions.PluginKind.Dataset),
            Plugin(root.GetProperty("architecture"), RegBench.Abstractions.PluginKind.Architecture),
            Plugin(root.GetProperty("regularizer"), RegBench.Abstractions.PluginKind.Regularizer),
            root.GetProperty("seed").GetInt64(),
            root.GetProperty("batchSize").GetInt32(),
            root.GetProperty("epochs").GetInt32(),
            new OptimizerSettings(optimizer.GetProperty("name").GetString()!, optimizer.GetProperty("lr").GetDouble(),
                optimizer.GetProperty("momentum").GetDouble(), optimizer.GetProperty("nesterov").GetBoolean(), optimizer.GetProperty("weightDecay").GetDouble()),
            new ScheduleSettings(schedule.GetProperty("name").GetString()!, schedule.GetProperty("milestones").EnumerateArray().Select(m => m.GetInt32()).ToList(),
                schedule.GetProperty("gamma").GetDouble(), schedule.GetProperty("warmupEpochs").GetInt32()),
            root.TryGetProperty("init", out var init) ? init.GetString()! : "default");
    }

    private string BuildCanonicalJson() => CellIdentity.CellJson(Profile,
        (Dataset.Name, Dataset.CanonicalOptions), (Architecture.Name, Architecture.CanonicalOptions), (Regularizer.Name, Regularizer.CanonicalOptions),
        Seed, BatchSize, Epochs,
        new OptimizerDraft(Optimizer.Name, Optimizer.Lr, Optimizer.Momentum, Optimizer.Nesterov, Optimizer.WeightDecay),
        new ScheduleDraft(Schedule.Name, Schedule.Milestones, Schedule.Gamma, Schedule.WarmupEpochs), Init);
}
