// RegBench.Experiments (netstandard2.0): referenced by RegBench.Engine and loaded beside the experiment-matrix generator.
using System.Collections.Generic;
using System.Linq;

namespace RegBench.Experiments;

/// <summary>The names and defaults of the experiments.json format, shared by both validators and the engine.</summary>
public static class ExperimentFormat
{
    /// <summary>Keys allowed at the top level.</summary>
    public static readonly string[] RootKeys = ["$schema", "defaults", "profiles", "plugins"];
    /// <summary>Keys allowed in a profile and in "defaults".</summary>
    public static readonly string[] ProfileKeys = ["datasets", "architectures", "regularizers", "seeds", "batchSize", "batchSizes", "epochs", "optimizer", "schedule", "init", "gapThreshold", "gapThresholdByBatchSize", "spectrumEvery"];
    /// <summary>Keys allowed in "optimizer".</summary>
    public static readonly string[] OptimizerKeys = ["name", "lr", "lrByBatchSize", "momentum", "nesterov", "weightDecay"];
    /// <summary>Keys allowed in "schedule".</summary>
    public static readonly string[] ScheduleKeys = ["name", "milestones", "gamma", "warmupEpochs"];
    /// <summary>Optimizers the trainer knows.</summary>
    public static readonly string[] Optimizers = ["adam", "adamw", "sgd"];
    /// <summary>Learning-rate schedules the trainer knows.</summary>
    public static readonly string[] Schedules = ["constant", "multistep", "cosine"];
    /// <summary>Initializations the engine applies: TorchSharp's, or orthogonal × √(d_out/d_in).</summary>
    public static readonly string[] Inits = ["default", "orthogonal-scaled"];
    /// <summary>The most cells one profile may expand to (docs/reliability.md): a run registers every cell up front.</summary>
    public const int MaxCellsPerProfile = 100_000;
    /// <summary>The plugin kinds as written in messages, with their axis keys.</summary>
    public static readonly (string Kind, string Axis)[] PluginAxes = [("dataset", "datasets"), ("architecture", "architectures"), ("regularizer", "regularizers")];
}

/// <summary>The plugins a file is checked against: names per kind and an options check per plugin.</summary>
public interface IExperimentPluginSet
{
    /// <summary>Names of the plugins of <paramref name="kind"/> ("dataset", "architecture", "regularizer"), sorted.</summary>
    IReadOnlyList<string> Names(string kind);

    /// <summary>
    /// Binds <paramref name="choice"/>'s options without creating the plugin: the first problem, or the canonical options
    /// with every default filled and the plugin's manifest version (what the cell id hashes).
    /// </summary>
    OptionCheck CheckOptions(PluginDraft choice);
}

/// <summary>What binding a plugin's options gave: a problem, or the bound canonical options and the plugin's version.</summary>
public sealed record OptionCheck(OptionProblem? Problem, string CanonicalOptions, int Version)
{
    /// <summary>Options that do not bind.</summary>
    public static OptionCheck Failed(OptionProblem problem) => new(problem, "{}", 0);

    /// <summary>Options that bind to <paramref name="canonicalOptions"/> (defaults filled) of a plugin of <paramref name="version"/>.</summary>
    public static OptionCheck Bound(string canonicalOptions, int version) => new(null, canonicalOptions, version);
}

/// <summary>A problem with a plugin's options: the option's path inside the options object ("$" for the object) and the message.</summary>
public sealed record OptionProblem(string Path, string Message);

/// <summary>
/// One plugin on an axis: kind, name and its options as written (the object's properties other than "name"); once
/// checked, the bound options (defaults filled, canonical) and the plugin's version, which the cell id hashes.
/// </summary>
public sealed record PluginDraft(string Kind, string Name, JsonTreeNode Node, IReadOnlyList<JsonTreeProperty> Options)
{
    /// <summary>The options as a JSON object, values exactly as written.</summary>
    public string OptionsJson => "{" + string.Join(",", Options.Select(p => CellIdentity.String(p.Name) + ":" + p.Value.RawText)) + "}";

    /// <summary>Canonical JSON of the options as written (sorted keys, normalized numbers): the id rule 1 form.</summary>
    public string WrittenOptions => Node.Kind == JsonTreeKind.Object
        ? "{" + string.Join(",", Options.OrderBy(p => p.Name, System.StringComparer.Ordinal).Select(p => CellIdentity.String(p.Name) + ":" + CellIdentity.Canonical(p.Value))) + "}"
        : "{}";

    /// <summary>Canonical JSON of the bound options, every default filled; set by the validator.</summary>
    public string CanonicalOptions { get; init; } = "{}";

    /// <summary>The plugin's manifest version; set by the validator.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The plugin as the cell id sees it.</summary>
    public CellPlugin Identity => new(Name, CanonicalOptions, Version);
}

/// <summary>
/// The optimizer of a profile: adam (seed 000: lr 1e-3), adamw, or sgd with momentum/Nesterov (seed 002).
/// <see cref="LrByBatchSize"/> gives some batch sizes their own rate (Yoshida &amp; Miyato: 0.01 at 64, 0.1 at 4096).
/// </summary>
public sealed record OptimizerDraft(string Name = "adam", double Lr = 1e-3, double Momentum = 0.9, bool Nesterov = false, double WeightDecay = 0,
    IReadOnlyDictionary<int, double>? LrByBatchSize = null)
{
    /// <summary>The optimizer one cell trains with: <see cref="Lr"/> resolved for <paramref name="batchSize"/>, no per-batch map.</summary>
    public OptimizerDraft ForBatchSize(int batchSize) =>
        this with { Lr = LrByBatchSize is { } rates && rates.TryGetValue(batchSize, out var lr) ? lr : Lr, LrByBatchSize = null };
}

/// <summary>The learning-rate schedule: constant, multistep (milestones, γ) or cosine; optional linear warm-up.</summary>
public sealed record ScheduleDraft(string Name, IReadOnlyList<int> Milestones, double Gamma = 0.1, int WarmupEpochs = 0)
{
    /// <summary>A constant rate without warm-up.</summary>
    public static ScheduleDraft Default { get; } = new("constant", []);
}

/// <summary>A validated profile with defaults applied, before the engine turns it into its own types.</summary>
public sealed record ProfileDraft(
    string Name,
    IReadOnlyList<PluginDraft> Datasets,
    IReadOnlyList<PluginDraft> Architectures,
    IReadOnlyList<PluginDraft> Regularizers,
    IReadOnlyList<long> Seeds,
    IReadOnlyList<int> BatchSizes,
    int Epochs,
    OptimizerDraft Optimizer,
    ScheduleDraft Schedule,
    string Init,
    double? GapThreshold,
    int SpectrumEvery)
{
    /// <summary>"gapThresholdByBatchSize": the threshold of some batch sizes (McGill Table 4 sets one per model and batch size); others use <see cref="GapThreshold"/>.</summary>
    public IReadOnlyDictionary<int, double>? GapThresholdByBatchSize { get; init; }

    /// <summary>The matrix in its stable order (dataset, architecture, regularizer, batch size, seed): canonical JSON of each cell.</summary>
    public IEnumerable<string> CellJsons() =>
        from dataset in Datasets
        from architecture in Architectures
        from regularizer in Regularizers
        from batchSize in BatchSizes
        from seed in Seeds
        select CellIdentity.CellJson(Name, dataset.Identity, architecture.Identity, regularizer.Identity, seed, batchSize, Epochs,
            Optimizer.ForBatchSize(batchSize), Schedule, Init);
}

/// <summary>What the validator read from a file: its profiles in file order and the "plugins" entries as written.</summary>
public sealed record ExperimentDraft(IReadOnlyList<ProfileDraft> Profiles, IReadOnlyList<string> PluginDirectories);
