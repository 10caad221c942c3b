using System.Text;
using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Plugins;
using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>
/// Reads experiments.json and validates it against the loaded plugins with <see cref="ExperimentValidator"/>, the
/// validator the compiler runs on the built-in file (same RB1xxx codes and messages). Every problem is reported at
/// once, each located at file:line:col; nothing is returned unless the whole file is valid.
/// </summary>
public static class ExperimentFileReader
{
    /// <summary>Reads <paramref name="path"/>: a missing file or invalid JSON is an RB1000 error naming the path.</summary>
    public static ExperimentFile Read(string path, IPluginDirectory plugins) => Parse(LoadBytes(path), path, plugins);

    /// <summary>The "plugins" directories listed by the file (resolved against its folder), read before the catalog loads.</summary>
    public static IReadOnlyList<string> PluginDirectories(string path) => PluginDirectories(LoadBytes(path), path);

    /// <summary>The "plugins" directories of JSON text, resolved against <paramref name="path"/>'s folder.</summary>
    public static IReadOnlyList<string> PluginDirectories(byte[] utf8, string path)
    {
        JsonTreeNode root;
        try
        {
            root = JsonTreeParser.Parse(Encoding.UTF8.GetString(utf8));
        }
        catch (JsonTreeException error)
        {
            throw new ConfigurationException(new ConfigurationError(path, error.Line, error.Column, ConfigurationCodes.Syntax, error.Message));
        }
        if (root.Kind != JsonTreeKind.Object || !root.TryGet("plugins", out var list)) return [];
        return list.Items.Where(e => e.Kind == JsonTreeKind.String).Select(e => Resolve(path, e.Text!)).ToList();
    }

    /// <summary>Validates JSON text; <paramref name="path"/> is used in messages and to resolve "plugins" entries.</summary>
    public static ExperimentFile Parse(byte[] utf8, string path, IPluginDirectory plugins)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var (draft, errors) = ExperimentValidator.Validate(text, path, new LoadedPluginSet(plugins));
        if (errors.Count > 0) throw new ConfigurationException(errors);
        var resources = ResourceCheck.Check(path, text, draft, plugins, ResourceCheck.MachineMemoryBytes());
        if (resources.Count > 0) throw new ConfigurationException(resources);
        return new ExperimentFile(path, draft.Profiles.Select(ToProfile).ToList(), draft.PluginDirectories.Select(d => Resolve(path, d)).ToList());
    }

    private static ExperimentProfile ToProfile(ProfileDraft draft) => new(
        draft.Name,
        draft.Datasets.Select(ToChoice).ToList(),
        draft.Architectures.Select(ToChoice).ToList(),
        draft.Regularizers.Select(ToChoice).ToList(),
        draft.Seeds,
        draft.BatchSizes,
        draft.Epochs,
        new OptimizerSettings(draft.Optimizer.Name, draft.Optimizer.Lr, draft.Optimizer.Momentum, draft.Optimizer.Nesterov, draft.Optimizer.WeightDecay,
            draft.Optimizer.LrByBatchSize),
        new ScheduleSettings(draft.Schedule.Name, draft.Schedule.Milestones, draft.Schedule.Gamma, draft.Schedule.WarmupEpochs),
        draft.Init,
        draft.GapThreshold,
        draft.SpectrumEvery) { GapThresholdByBatchSize = draft.GapThresholdByBatchSize };

    private static PluginChoice ToChoice(PluginDraft draft) =>
        new(KindOf(draft.Kind), draft.Name, OptionsElement(draft), draft.CanonicalOptions, draft.Version);

    private static JsonElement OptionsElement(PluginDraft draft)
    {
        using var document = JsonDocument.Parse(draft.OptionsJson, new JsonDocumentOptions { MaxDepth = JsonTreeParser.MaxDepth });
        return document.RootElement.Clone();
    }

    private static PluginKind KindOf(string kind) => Enum.Parse<PluginKind>(kind, ignoreCase: true);

    private static string Resolve(string file, string directory) =>
        Path.GetFullPath(directory, Path.GetDirectoryName(Path.GetFullPath(file))!);

    private static byte[] LoadBytes(string path)
    {
        if (!File.Exists(path))
            throw new ConfigurationException(new ConfigurationError(Path.GetFullPath(path), 0, 0, ConfigurationCodes.Syntax,
                "experiment file not found. Run from the repository root (it has experiments.json), or pass --config FILE."));
        return File.ReadAllBytes(path);
    }

    /// <summary>
    /// The loaded plugins as the validator sees them: options are checked by binding them (binder, ranges, Validate);
    /// no plugin is constructed. A constructor that throws is left to the cell, which fails naming plugin and cell while
    /// the other cells run.
    /// </summary>
    private sealed class LoadedPluginSet(IPluginDirectory plugins) : IExperimentPluginSet
    {
        public IReadOnlyList<string> Names(string kind) => plugins.Names(KindOf(kind));

        public OptionCheck CheckOptions(PluginDraft choice)
        {
            try
            {
                var bound = PluginChoice.Bind(plugins, KindOf(choice.Kind), choice.Name, OptionsElement(choice));
                return OptionCheck.Bound(bound.CanonicalOptions, bound.Version);
            }
            catch (PluginOptionsException error)
            {
                return OptionCheck.Failed(new OptionProblem(error.PropertyPath, error.Message));
            }
        }
    }
}
