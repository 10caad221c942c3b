// RegBench.Experiments (netstandard2.0): referenced by RegBench.Engine and loaded beside the experiment-matrix generator,
// so `regbench validate` and the compiler report the same RB1xxx errors with the same messages (docs/generators.md).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RegBench.Experiments;

/// <summary>
/// Validates experiments.json against a set of plugins. Every problem is reported at once, located at
/// line:column with an RB1xxx code and sorted in file order; the draft is only meaningful when there are none.
/// </summary>
public sealed class ExperimentValidator
{
    private readonly string file;
    private readonly IExperimentPluginSet plugins;
    private readonly List<ConfigurationError> errors = [];
    private readonly HashSet<int> nonFiniteOffsets = [];

    private ExperimentValidator(string file, IExperimentPluginSet plugins)
    {
        this.file = file;
        this.plugins = plugins;
    }

    /// <summary>Parses and validates <paramref name="text"/>; <paramref name="file"/> is used in the errors.</summary>
    public static (ExperimentDraft Draft, IReadOnlyList<ConfigurationError> Errors) Validate(string text, string file, IExperimentPluginSet plugins)
    {
        var validator = new ExperimentValidator(file, plugins);
        JsonTreeNode root;
        try
        {
            root = JsonTreeParser.Parse(text);
        }
        catch (JsonTreeException error)
        {
            return (new ExperimentDraft([], []), [new ConfigurationError(file, error.Line, error.Column, ConfigurationCodes.Syntax, error.Message)]);
        }
        validator.RejectNonFinite(root);
        var draft = validator.ReadFile(root);
        return (draft, validator.errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
    }

    private ExperimentDraft ReadFile(JsonTreeNode root)
    {
        ReportDuplicates(root, "");
        if (!Expect(root, JsonTreeKind.Object)) return new ExperimentDraft([], []);
        CheckKeys(root, ExperimentFormat.RootKeys);
        var defaults = root.TryGet("defaults", out var d) && Expect(d, JsonTreeKind.Object) ? d : null;
        if (defaults is not null) CheckKeys(defaults, ExperimentFormat.ProfileKeys);
        var profiles = new List<ProfileDraft>();
        if (!root.TryGet("profiles", out var list))
            Error(root, ConfigurationCodes.EmptyAxis, "the file defines no \"profiles\"; add at least one, e.g. \"profiles\": { \"quick\": { ... } }.");
        else if (Expect(list, JsonTreeKind.Object))
            foreach (var profile in list.DistinctProperties())
                if (Expect(profile.Value, JsonTreeKind.Object))
                    profiles.Add(ReadProfile(profile.Name, profile.Value, defaults));
        var directories = root.TryGet("plugins", out var dirs) && Expect(dirs, JsonTreeKind.Array)
            ? dirs.Items.Where(e => Expect(e, JsonTreeKind.String)).Select(e => e.Text!).ToList()
            : [];
        return new ExperimentDraft(profiles, directories);
    }

    private ProfileDraft ReadProfile(string name, JsonTreeNode profile, JsonTreeNode? defaults)
    {
        CheckKeys(profile, ExperimentFormat.ProfileKeys);
        JsonTreeNode? Get(string key) =>
            profile.TryGet(key, out var own) ? own : defaults is not null && defaults.TryGet(key, out var inherited) ? inherited : null;

        var axes = ExperimentFormat.PluginAxes.Select(a => ReadPlugins(Get(a.Axis), a.Kind, a.Axis, name, profile)).ToList();
        var seeds = ReadNumbers(Get("seeds"), "seeds", [0], minimum: 0, integer: true, maximum: long.MaxValue).Select(s => (long)s).ToList();
        var batchSizes = Get("batchSizes") is { } sizes
            ? ReadNumbers(sizes, "batchSizes", [], minimum: 1, integer: true)
            : ReadNumbers(Get("batchSize"), "batchSize", [128], minimum: 1, integer: true);
        var epochs = ReadNumbers(Get("epochs"), "epochs", [1], minimum: 1, integer: true).DefaultIfEmpty(1).First();
        var init = "default";
        if (Get("init") is { } i && Expect(i, JsonTreeKind.String))
        {
            init = i.Text!;
            if (!ExperimentFormat.Inits.Contains(init))
                Error(i, ConfigurationCodes.UnknownPlugin,
                    $"unknown init '{init}'{Suggest.DidYouMean(init, ExperimentFormat.Inits)}. Known: {string.Join(", ", ExperimentFormat.Inits)}.");
        }
        double? gapThreshold = null;
        if (Get("gapThreshold") is { } g && Expect(g, JsonTreeKind.Number))
        {
            gapThreshold = ParseDouble(g);
            if (gapThreshold is <= 0 or > 1)
                Error(g, ConfigurationCodes.InvalidNumber, $"'gapThreshold' is an accuracy in (0, 1], found {g.RawText}.");
        }
        var spectrumEvery = (int)ReadNumbers(Get("spectrumEvery"), "spectrumEvery", [10], minimum: 1, integer: true).DefaultIfEmpty(10).First();
        var cells = (double)axes[0].Count * axes[1].Count * axes[2].Count * batchSizes.Count * seeds.Count;
        if (cells > ExperimentFormat.MaxCellsPerProfile)
            Error(profile, ConfigurationCodes.InvalidNumber,
                $"profile '{name}' expands to {cells.ToString("N0", CultureInfo.InvariantCulture)} cells ({axes[0].Count} datasets × {axes[1].Count} architectures × " +
                $"{axes[2].Count} regularizers × {batchSizes.Count} batch sizes × {seeds.Count} seeds), more than the {ExperimentFormat.MaxCellsPerProfile.ToString("N0", CultureInfo.InvariantCulture)} " +
                "a profile may have; split it into several profiles.");
        var optimizer = ReadOptimizer(Get("optimizer"));
        CheckKeysAreBatchSizes(Get("optimizer"), "lrByBatchSize", batchSizes, name);
        var thresholdOwner = profile.TryGet("gapThresholdByBatchSize", out _) ? profile : defaults;
        var thresholds = thresholdOwner is null ? null : ReadByBatchSize(thresholdOwner, "gapThresholdByBatchSize", t => t is > 0 and <= 1, "an accuracy in (0, 1]");
        CheckKeysAreBatchSizes(thresholdOwner, "gapThresholdByBatchSize", batchSizes, name);
        return new ProfileDraft(name, axes[0], axes[1], axes[2], seeds, batchSizes.Select(b => (int)b).ToList(), (int)epochs,
            optimizer, ReadSchedule(Get("schedule")), init, gapThreshold, spectrumEvery) { GapThresholdByBatchSize = thresholds };
    }

    private List<PluginDraft> ReadPlugins(JsonTreeNode? axis, string kind, string key, string profileName, JsonTreeNode profile)
    {
        var known = plugins.Names(kind).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (axis is null || axis.Kind != JsonTreeKind.Array || axis.Items.Count == 0)
        {
            if (axis is not null && axis.Kind != JsonTreeKind.Array) Expect(axis, JsonTreeKind.Array);
            else Error(axis ?? profile, ConfigurationCodes.EmptyAxis, $"profile '{profileName}' has no {key}; list at least one (known: {string.Join(", ", known)}).");
            return [];
        }
        var choices = new List<PluginDraft>();
        foreach (var item in axis.Items)
        {
            string? name = null;
            IReadOnlyList<JsonTreeProperty> options = [];
            if (item.Kind == JsonTreeKind.String) name = item.Text;
            else if (item.Kind == JsonTreeKind.Object)
            {
                if (item.TryGet("name", out var n) && n.Kind == JsonTreeKind.String) name = n.Text;
                else Error(item, ConfigurationCodes.WrongType, $"a {kind} object needs a \"name\" string.");
                options = item.Properties.Where(p => p.Name != "name").ToList();
            }
            else Error(item, ConfigurationCodes.WrongType, $"expected a {kind} name or an object with \"name\", found {Describe(item)}.");
            if (name is null) continue;
            if (!known.Contains(name))
            {
                Error(item, ConfigurationCodes.UnknownPlugin, $"unknown {kind} '{name}'{Suggest.DidYouMean(name, known)}. Known: {string.Join(", ", known)}.");
                continue;
            }
            var choice = new PluginDraft(kind, name, item, options);
            var check = plugins.CheckOptions(choice);
            if (check.Problem is { } problem)
                Error(problem.Path == "$" ? item : Locate(item, problem.Path), ConfigurationCodes.PluginOption, problem.Message);
            else if (choices.FirstOrDefault(c => c.Name == name && c.CanonicalOptions == check.CanonicalOptions) is { } same)
                Error(item, ConfigurationCodes.Duplicate,
                    $"this {kind} is the one at line {same.Node.Line.ToString(CultureInfo.InvariantCulture)} once its defaults are filled (cells hash the bound options); keep one.");
            else choices.Add(choice with { CanonicalOptions = check.CanonicalOptions, Version = check.Version });
        }
        return choices;
    }

    private List<double> ReadNumbers(JsonTreeNode? axis, string key, List<double> fallback, double minimum, bool integer, double maximum = int.MaxValue)
    {
        if (axis is null) return fallback;
        var items = axis.Kind == JsonTreeKind.Array ? axis.Items.ToList() : [axis];
        if (items.Count == 0) Error(axis, ConfigurationCodes.EmptyAxis, $"'{key}' is empty; give at least one value.");
        var values = new List<double>();
        foreach (var value in items)
        {
            if (value.Kind != JsonTreeKind.Number || (integer && !IsInt64(value)))
                Error(value, ConfigurationCodes.WrongType, $"'{key}' must be {(integer ? "an integer" : "a number")}, found {Describe(value)}.");
            else if (ParseDouble(value) < minimum)
                Error(value, ConfigurationCodes.InvalidNumber, $"'{key}' must be ≥ {minimum.ToString(CultureInfo.InvariantCulture)}, found {value.RawText}.");
            else if (ParseDouble(value) > maximum)
                Error(value, ConfigurationCodes.InvalidNumber, $"'{key}' must be ≤ {maximum.ToString(CultureInfo.InvariantCulture)}, found {value.RawText}.");
            else values.Add(ParseDouble(value));
        }
        return values;
    }

    private OptimizerDraft ReadOptimizer(JsonTreeNode? found)
    {
        var settings = new OptimizerDraft();
        if (found is null || !Expect(found, JsonTreeKind.Object)) return settings;
        CheckKeys(found, ExperimentFormat.OptimizerKeys);
        var name = ReadName(found, ExperimentFormat.Optimizers, "optimizer") ?? settings.Name;
        return new OptimizerDraft(name, Positive(found, "lr", settings.Lr, strict: true), Positive(found, "momentum", settings.Momentum, strict: false),
            Bool(found, "nesterov", settings.Nesterov), Positive(found, "weightDecay", settings.WeightDecay, strict: false),
            ReadByBatchSize(found, "lrByBatchSize", lr => lr > 0, "> 0"));
    }

    /// <summary>
    /// A number per batch size, such as "lrByBatchSize": { "4096": 0.1 }: keys are batch sizes (integers ≥ 1), values pass
    /// <paramref name="valid"/> (else RB1005 saying <paramref name="range"/>); null when absent or not an object.
    /// </summary>
    private Dictionary<int, double>? ReadByBatchSize(JsonTreeNode owner, string key, Func<double, bool> valid, string range)
    {
        if (!owner.TryGet(key, out var map) || !Expect(map, JsonTreeKind.Object)) return null;
        var values = new Dictionary<int, double>();
        foreach (var entry in map.DistinctProperties())
        {
            if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var batchSize) || batchSize < 1)
                Error(entry.Value, ConfigurationCodes.WrongType, $"'{key}' keys are batch sizes (integers ≥ 1), found \"{entry.Name}\".");
            else if (Expect(entry.Value, JsonTreeKind.Number) && valid(ParseDouble(entry.Value))) values[batchSize] = ParseDouble(entry.Value);
            else if (entry.Value.Kind == JsonTreeKind.Number)
                Error(entry.Value, ConfigurationCodes.InvalidNumber, $"'{key}' value for batch size {entry.Name} must be {range}, found {entry.Value.RawText}.");
        }
        return values;
    }

    /// <summary>A value for a batch size the profile does not train would silently do nothing: RB1005 at its key.</summary>
    private void CheckKeysAreBatchSizes(JsonTreeNode? owner, string key, IReadOnlyList<double> batchSizes, string profileName)
    {
        if (owner is null || owner.Kind != JsonTreeKind.Object || !owner.TryGet(key, out var map) || map.Kind != JsonTreeKind.Object) return;
        foreach (var entry in map.DistinctProperties())
            if (int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var batchSize) && batchSize >= 1 && !batchSizes.Contains(batchSize))
                Error(entry.Value, ConfigurationCodes.InvalidNumber,
                    $"profile '{profileName}': '{key}' sets a value for batch size {entry.Name}, which the profile does not train " +
                    $"(batch sizes: {string.Join(", ", batchSizes.Select(b => b.ToString(CultureInfo.InvariantCulture)))}); remove it or add the batch size.");
    }

    private ScheduleDraft ReadSchedule(JsonTreeNode? found)
    {
        var settings = ScheduleDraft.Default;
        if (found is null || !Expect(found, JsonTreeKind.Object)) return settings;
        CheckKeys(found, ExperimentFormat.ScheduleKeys);
        var name = ReadName(found, ExperimentFormat.Schedules, "schedule") ?? settings.Name;
        var milestones = found.TryGet("milestones", out var m)
            ? ReadNumbers(m, "milestones", [], minimum: 1, integer: true).Select(v => (int)v).ToList()
            : [];
        return new ScheduleDraft(name, milestones, Positive(found, "gamma", settings.Gamma, strict: true),
            (int)Positive(found, "warmupEpochs", settings.WarmupEpochs, strict: false));
    }

    private string? ReadName(JsonTreeNode node, string[] known, string what)
    {
        if (!node.TryGet("name", out var n) || !Expect(n, JsonTreeKind.String)) return null;
        var name = n.Text!;
        if (known.Contains(name)) return name;
        Error(n, ConfigurationCodes.UnknownPlugin, $"unknown {what} '{name}'{Suggest.DidYouMean(name, known)}. Known: {string.Join(", ", known)}.");
        return null;
    }

    private double Positive(JsonTreeNode node, string key, double fallback, bool strict)
    {
        if (!node.TryGet(key, out var v) || !Expect(v, JsonTreeKind.Number)) return fallback;
        var value = ParseDouble(v);
        if (strict ? value > 0 : value >= 0) return value;
        Error(v, ConfigurationCodes.InvalidNumber, $"'{key}' must be {(strict ? "> 0" : "≥ 0")}, found {v.RawText}.");
        return fallback;
    }

    private bool Bool(JsonTreeNode node, string key, bool fallback)
    {
        if (!node.TryGet(key, out var v)) return fallback;
        if (v.Kind is JsonTreeKind.True or JsonTreeKind.False) return v.Kind == JsonTreeKind.True;
        Expect(v, JsonTreeKind.True);
        return fallback;
    }

    private void CheckKeys(JsonTreeNode node, string[] known)
    {
        foreach (var property in node.Properties.Where(p => !known.Contains(p.Name)))
            Error(property.Value, ConfigurationCodes.UnknownProperty,
                $"unknown property '{property.Name}'{Suggest.DidYouMean(property.Name, known)}. Allowed here: {string.Join(", ", known)}.");
    }

    private void ReportDuplicates(JsonTreeNode node, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in node.Properties)
        {
            var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (!seen.Add(property.Name))
                errors.Add(new ConfigurationError(file, property.Line, property.Column, ConfigurationCodes.Duplicate,
                    path == "profiles" ? $"profile '{property.Name}' is defined twice; rename one." : $"'{at}' is given twice; keep one."));
            ReportDuplicates(property.Value, at);
        }
        for (var i = 0; i < node.Items.Count; i++) ReportDuplicates(node.Items[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]");
    }

    private bool Expect(JsonTreeNode node, JsonTreeKind kind)
    {
        if (node.Kind == kind) return true;
        Error(node, ConfigurationCodes.WrongType, $"expected {Article(kind)}, found {Describe(node)}.");
        return false;
    }

    /// <summary>Numbers that overflow a double (1e999) are RB1005 wherever they are; later checks of the same number stay silent.</summary>
    private void RejectNonFinite(JsonTreeNode node)
    {
        if (node.Kind == JsonTreeKind.Number && double.IsInfinity(ParseDouble(node)))
        {
            Error(node, ConfigurationCodes.InvalidNumber,
                $"the number {node.RawText} is beyond the range of a double (±1.7976931348623157e308) and would be stored as infinity; write a finite number.");
            nonFiniteOffsets.Add(node.Offset);
        }
        foreach (var property in node.Properties) RejectNonFinite(property.Value);
        foreach (var item in node.Items) RejectNonFinite(item);
    }

    private void Error(JsonTreeNode at, string code, string message)
    {
        if (nonFiniteOffsets.Contains(at.Offset)) return;
        errors.Add(new ConfigurationError(file, at.Line, at.Column, code, message));
    }

    /// <summary>The node at a relative path like "exclude[1]" or "a.b", or the deepest one that exists on the way.</summary>
    private static JsonTreeNode Locate(JsonTreeNode start, string path)
    {
        var node = start;
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[');
            var propertyName = bracket < 0 ? segment : segment.Substring(0, bracket);
            if (propertyName.Length > 0)
            {
                if (!node.TryGet(propertyName, out var child)) return node;
                node = child;
            }
            while (bracket >= 0)
            {
                var close = segment.IndexOf(']', bracket);
                if (close < 0 || !int.TryParse(segment.Substring(bracket + 1, close - bracket - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
                    index >= node.Items.Count)
                    return node;
                node = node.Items[index];
                bracket = segment.IndexOf('[', close);
            }
        }
        return node;
    }

    private static bool IsInt64(JsonTreeNode number) =>
        CellIdentity.IsInteger(number.RawText) && long.TryParse(number.RawText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static double ParseDouble(JsonTreeNode number) => double.Parse(number.RawText, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Article(JsonTreeKind kind) => kind switch
    {
        JsonTreeKind.Object => "an object",
        JsonTreeKind.Array => "an array",
        JsonTreeKind.String => "a string",
        JsonTreeKind.Number => "a number",
        _ => "true or false",
    };

    /// <summary>How a value is named in messages: "the string \"x\"", "the number 3", "an object", "null", "true".</summary>
    public static string Describe(JsonTreeNode node) => node.Kind switch
    {
        JsonTreeKind.String => $"the string {node.RawText}",
        JsonTreeKind.Number => $"the number {node.RawText}",
        JsonTreeKind.Object => "an object",
        JsonTreeKind.Array => "an array",
        JsonTreeKind.Null => "null",
        _ => node.RawText,
    };
}
