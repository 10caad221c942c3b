using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Plugins;

namespace RegBench.Engine.Experiments;

/// <summary>
/// Reads and validates experiments.json against the loaded plugins. Every problem is reported at once, each located
/// at file:line:col with an RB1xxx code; nothing is returned unless the whole file is valid.
/// </summary>
public sealed class ExperimentFileReader
{
    private static readonly string[] RootKeys = ["$schema", "defaults", "profiles", "plugins"];
    private static readonly string[] ProfileKeys = ["datasets", "architectures", "regularizers", "seeds", "batchSize", "batchSizes", "epochs", "optimizer", "schedule", "init", "gapThreshold", "spectrumEvery"];
    private static readonly string[] OptimizerKeys = ["name", "lr", "momentum", "nesterov", "weightDecay"];
    private static readonly string[] ScheduleKeys = ["name", "milestones", "gamma", "warmupEpochs"];

    private readonly string file;
    private readonly JsonPositionMap positions;
    private readonly List<ConfigurationError> errors = [];
    private readonly JsonElement root;

    private ExperimentFileReader(string file, byte[] utf8, JsonDocument document)
    {
        this.file = file;
        positions = new JsonPositionMap(utf8);
        root = document.RootElement;
    }

    /// <summary>Reads <paramref name="path"/>: a missing file or invalid JSON is an RB1000 error naming the path.</summary>
    public static ExperimentFile Read(string path, IPluginDirectory plugins) => Parse(LoadBytes(path), path, plugins);

    /// <summary>The "plugins" directories listed by the file (resolved against its folder), read before the catalog loads.</summary>
    public static IReadOnlyList<string> PluginDirectories(string path)
    {
        using var document = ParseDocument(LoadBytes(path), path);
        if (!document.RootElement.TryGetProperty("plugins", out var list) || list.ValueKind != JsonValueKind.Array) return [];
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        return list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String)
            .Select(e => System.IO.Path.GetFullPath(e.GetString()!, folder)).ToList();
    }

    /// <summary>Validates JSON text; <paramref name="path"/> is used in messages.</summary>
    public static ExperimentFile Parse(byte[] utf8, string path, IPluginDirectory plugins)
    {
        using var document = ParseDocument(utf8, path);
        var reader = new ExperimentFileReader(path, utf8, document);
        var result = reader.ReadFile(plugins);
        if (reader.errors.Count > 0)
            throw new ConfigurationException([.. reader.errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        return result;
    }

    private static byte[] LoadBytes(string path)
    {
        if (!File.Exists(path))
            throw new ConfigurationException(new ConfigurationError(System.IO.Path.GetFullPath(path), 0, 0, ConfigurationCodes.Syntax,
                "experiment file not found. Run from the repository root (it has experiments.json), or pass --config FILE."));
        return File.ReadAllBytes(path);
    }

    private static JsonDocument ParseDocument(byte[] utf8, string path)
    {
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException error)
        {
            throw new ConfigurationException(new ConfigurationError(path, (int)(error.LineNumber ?? 0) + 1,
                (int)(error.BytePositionInLine ?? 0) + 1, ConfigurationCodes.Syntax, $"invalid JSON: {error.Message.Split(" Path:")[0]}"));
        }
    }

    private ExperimentFile ReadFile(IPluginDirectory plugins)
    {
        foreach (var (path, line, column) in positions.Duplicates)
            errors.Add(new(file, line, column, ConfigurationCodes.Duplicate,
                path.StartsWith("profiles.", StringComparison.Ordinal) && path.Count(c => c == '.') == 1
                    ? $"profile '{path["profiles.".Length..]}' is defined twice; rename one."
                    : $"'{path}' is given twice; keep one."));
        if (!Expect(root, "", JsonValueKind.Object)) return new ExperimentFile(file, [], []);
        CheckKeys(root, "", RootKeys);
        var defaults = root.TryGetProperty("defaults", out var d) && Expect(d, "defaults", JsonValueKind.Object) ? d : default;
        if (defaults.ValueKind == JsonValueKind.Object) CheckKeys(defaults, "defaults", ProfileKeys);
        var profiles = new List<ExperimentProfile>();
        if (!root.TryGetProperty("profiles", out var list))
            Error("", ConfigurationCodes.EmptyAxis, "the file defines no \"profiles\"; add at least one, e.g. \"profiles\": { \"quick\": { ... } }.");
        else if (Expect(list, "profiles", JsonValueKind.Object))
            foreach (var profile in list.EnumerateObject().DistinctBy(p => p.Name))
                if (Expect(profile.Value, $"profiles.{profile.Name}", JsonValueKind.Object))
                    profiles.Add(ReadProfile(profile.Name, profile.Value, defaults, plugins));
        var directories = root.TryGetProperty("plugins", out var dirs) && Expect(dirs, "plugins", JsonValueKind.Array)
            ? dirs.EnumerateArray().Where((e, i) => Expect(e, $"plugins[{i}]", JsonValueKind.String))
                .Select(e => System.IO.Path.GetFullPath(e.GetString()!, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))!)).ToList()
            : [];
        return new ExperimentFile(file, profiles, directories);
    }

    private ExperimentProfile ReadProfile(string name, JsonElement profile, JsonElement defaults, IPluginDirectory plugins)
    {
        var at = $"profiles.{name}";
        CheckKeys(profile, at, ProfileKeys);
        (JsonElement Value, string Path)? Get(string key) =>
            profile.TryGetProperty(key, out var own) ? (own, $"{at}.{key}")
            : defaults.ValueKind == JsonValueKind.Object && defaults.TryGetProperty(key, out var inherited) ? (inherited, $"defaults.{key}")
            : null;

        var datasets = ReadPlugins(Get("datasets"), PluginKind.Dataset, at, "datasets", plugins);
        var architectures = ReadPlugins(Get("architectures"), PluginKind.Architecture, at, "architectures", plugins);
        var regularizers = ReadPlugins(Get("regularizers"), PluginKind.Regularizer, at, "regularizers", plugins);
        var seeds = ReadNumbers(Get("seeds"), at, "seeds", [0L], minimum: 0, integer: true).Select(s => (long)s).ToList();
        var batchSizes = Get("batchSizes") is { } sizes
            ? ReadNumbers(sizes, at, "batchSizes", [], minimum: 1, integer: true)
            : ReadNumbers(Get("batchSize"), at, "batchSize", [128], minimum: 1, integer: true);
        var epochs = ReadNumbers(Get("epochs"), at, "epochs", [1], minimum: 1, integer: true).FirstOrDefault(1);
        var init = "default";
        if (Get("init") is { } i && Expect(i.Value, i.Path, JsonValueKind.String))
        {
            init = i.Value.GetString()!;
            if (!ExperimentProfile.Inits.Contains(init))
                Error(i.Path, ConfigurationCodes.UnknownPlugin,
                    $"unknown init '{init}'{Suggest.DidYouMean(init, ExperimentProfile.Inits)}. Known: {string.Join(", ", ExperimentProfile.Inits)}.");
        }
        double? gapThreshold = null;
        if (Get("gapThreshold") is { } g && Expect(g.Value, g.Path, JsonValueKind.Number))
        {
            gapThreshold = g.Value.GetDouble();
            if (gapThreshold is <= 0 or > 1)
                Error(g.Path, ConfigurationCodes.InvalidNumber, $"'gapThreshold' is an accuracy in (0, 1], found {g.Value.GetRawText()}.");
        }
        var spectrumEvery = (int)ReadNumbers(Get("spectrumEvery"), at, "spectrumEvery", [10], minimum: 1, integer: true).FirstOrDefault(10);
        return new ExperimentProfile(name, datasets, architectures, regularizers, seeds,
            batchSizes.Select(b => (int)b).ToList(), (int)epochs, ReadOptimizer(Get("optimizer")), ReadSchedule(Get("schedule")), init, gapThreshold,
            spectrumEvery);
    }

    private List<PluginChoice> ReadPlugins((JsonElement Value, string Path)? axis, PluginKind kind, string profilePath, string key, IPluginDirectory plugins)
    {
        if (axis is not { } found || found.Value.ValueKind != JsonValueKind.Array || found.Value.GetArrayLength() == 0)
        {
            if (axis is { } bad && bad.Value.ValueKind != JsonValueKind.Array) Expect(bad.Value, bad.Path, JsonValueKind.Array);
            else Error(axis?.Path ?? profilePath, ConfigurationCodes.EmptyAxis,
                $"profile '{profilePath["profiles.".Length..]}' has no {key}; list at least one (known: {string.Join(", ", plugins.Names(kind))}).");
            return [];
        }
        var choices = new List<PluginChoice>();
        var index = 0;
        foreach (var item in found.Value.EnumerateArray())
        {
            var path = $"{found.Path}[{index++}]";
            string? name = null;
            var options = JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement>());
            if (item.ValueKind == JsonValueKind.String) name = item.GetString();
            else if (item.ValueKind == JsonValueKind.Object)
            {
                if (item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String) name = n.GetString();
                else Error(path, ConfigurationCodes.WrongType, $"a {kind.ToString().ToLowerInvariant()} object needs a \"name\" string.");
                options = WithoutName(item);
            }
            else Error(path, ConfigurationCodes.WrongType, $"expected a {kind.ToString().ToLowerInvariant()} name or an object with \"name\", found {Describe(item)}.");
            if (name is null) continue;
            var descriptor = plugins.Find(kind, name);
            if (descriptor is null)
            {
                Error(path, ConfigurationCodes.UnknownPlugin,
                    $"unknown {kind.ToString().ToLowerInvariant()} '{name}'{Suggest.DidYouMean(name, plugins.Names(kind))}. Known: {string.Join(", ", plugins.Names(kind))}.");
                continue;
            }
            try
            {
                (descriptor.Create(options) as IDisposable)?.Dispose();
                choices.Add(new PluginChoice(kind, name, options));
            }
            catch (PluginOptionsException error)
            {
                Error(error.PropertyPath == "$" ? path : $"{path}.{error.PropertyPath}", ConfigurationCodes.PluginOption, error.Message);
            }
        }
        return choices;
    }

    private List<double> ReadNumbers((JsonElement Value, string Path)? axis, string profilePath, string key, List<double> fallback, double minimum, bool integer)
    {
        if (axis is not { } found) return fallback;
        var items = found.Value.ValueKind == JsonValueKind.Array ? found.Value.EnumerateArray().Select((v, i) => (v, $"{found.Path}[{i}]")).ToList()
            : [(found.Value, found.Path)];
        if (items.Count == 0) Error(found.Path, ConfigurationCodes.EmptyAxis, $"'{key}' is empty; give at least one value.");
        var values = new List<double>();
        foreach (var (value, path) in items)
        {
            if (value.ValueKind != JsonValueKind.Number || (integer && !value.TryGetInt64(out _)))
                Error(path, ConfigurationCodes.WrongType, $"'{key}' must be {(integer ? "an integer" : "a number")}, found {Describe(value)}.");
            else if (value.GetDouble() < minimum)
                Error(path, ConfigurationCodes.InvalidNumber, $"'{key}' must be ≥ {minimum}, found {value.GetRawText()}.");
            else values.Add(value.GetDouble());
        }
        return values;
    }

    private OptimizerSettings ReadOptimizer((JsonElement Value, string Path)? found)
    {
        var settings = new OptimizerSettings();
        if (found is not { } o || !Expect(o.Value, o.Path, JsonValueKind.Object)) return settings;
        CheckKeys(o.Value, o.Path, OptimizerKeys);
        var name = ReadName(o, OptimizerSettings.Known, "optimizer") ?? settings.Name;
        return new OptimizerSettings(name,
            Positive(o, "lr", settings.Lr, strict: true), Positive(o, "momentum", settings.Momentum, strict: false),
            Bool(o, "nesterov", settings.Nesterov), Positive(o, "weightDecay", settings.WeightDecay, strict: false));
    }

    private ScheduleSettings ReadSchedule((JsonElement Value, string Path)? found)
    {
        var settings = new ScheduleSettings();
        if (found is not { } s || !Expect(s.Value, s.Path, JsonValueKind.Object)) return settings;
        CheckKeys(s.Value, s.Path, ScheduleKeys);
        var name = ReadName(s, ScheduleSettings.Known, "schedule") ?? settings.Name;
        var milestones = s.Value.TryGetProperty("milestones", out var m)
            ? ReadNumbers((m, $"{s.Path}.milestones"), s.Path, "milestones", [], minimum: 1, integer: true).Select(v => (int)v).ToList()
            : [];
        return new ScheduleSettings(name, milestones, Positive(s, "gamma", settings.Gamma, strict: true),
            (int)Positive(s, "warmupEpochs", settings.WarmupEpochs, strict: false));
    }

    private string? ReadName((JsonElement Value, string Path) o, string[] known, string what)
    {
        if (!o.Value.TryGetProperty("name", out var n)) return null;
        if (!Expect(n, $"{o.Path}.name", JsonValueKind.String)) return null;
        var name = n.GetString()!;
        if (known.Contains(name)) return name;
        Error($"{o.Path}.name", ConfigurationCodes.UnknownPlugin, $"unknown {what} '{name}'{Suggest.DidYouMean(name, known)}. Known: {string.Join(", ", known)}.");
        return null;
    }

    private double Positive((JsonElement Value, string Path) o, string key, double fallback, bool strict)
    {
        if (!o.Value.TryGetProperty(key, out var v)) return fallback;
        if (!Expect(v, $"{o.Path}.{key}", JsonValueKind.Number)) return fallback;
        var value = v.GetDouble();
        if (strict ? value > 0 : value >= 0) return value;
        Error($"{o.Path}.{key}", ConfigurationCodes.InvalidNumber, $"'{key}' must be {(strict ? "> 0" : "≥ 0")}, found {v.GetRawText()}.");
        return fallback;
    }

    private bool Bool((JsonElement Value, string Path) o, string key, bool fallback) =>
        o.Value.TryGetProperty(key, out var v) && (v.ValueKind is JsonValueKind.True or JsonValueKind.False || !Expect(v, $"{o.Path}.{key}", JsonValueKind.True))
            ? v.ValueKind == JsonValueKind.True
            : fallback;

    private void CheckKeys(JsonElement element, string path, string[] known)
    {
        foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name)))
            Error(JsonPositionMap.Join(path, property.Name), ConfigurationCodes.UnknownProperty,
                $"unknown property '{property.Name}'{Suggest.DidYouMean(property.Name, known)}. Allowed here: {string.Join(", ", known)}.");
    }

    private bool Expect(JsonElement element, string path, JsonValueKind kind)
    {
        if (element.ValueKind == kind) return true;
        Error(path, ConfigurationCodes.WrongType, $"expected {Article(kind)}, found {Describe(element)}.");
        return false;
    }

    private void Error(string path, string code, string message)
    {
        var (line, column) = positions.Find(path);
        errors.Add(new ConfigurationError(file, line, column, code, message));
    }

    private static JsonElement WithoutName(JsonElement item)
    {
        var options = item.EnumerateObject().Where(p => p.Name != "name").ToDictionary(p => p.Name, p => p.Value);
        return JsonSerializer.SerializeToElement(options);
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "true or false",
    };

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string {element.GetRawText()}",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => element.GetRawText(),
    };
}
