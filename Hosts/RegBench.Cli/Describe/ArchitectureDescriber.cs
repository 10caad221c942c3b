using System.Text.Json;
using System.Text.Json.Nodes;
using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;
using RegBench.Experiments;
using TorchSharp;

namespace RegBench.Cli.Describe;

/// <summary>One weight layer as `regbench describe` shows it.</summary>
public sealed record DescribedLayer(string Name, LayerKind Kind, long[] Shape, ConvGeometry? Conv, long Parameters);

/// <summary>An architecture built for a data shape: its weight layers and trainable parameter count.</summary>
public sealed record ArchitectureDescription(string Architecture, string Dataset, DataShape Shape, IReadOnlyList<DescribedLayer> Layers, long Parameters)
{
    /// <summary>Trainable parameters outside the factory's layers (BatchNorm affine, …).</summary>
    public long OtherParameters => Parameters - Layers.Sum(l => l.Parameters);

    /// <summary>The JSON form: architecture, dataset, input, parameters and layers [{name, kind, shape, …}].</summary>
    public JsonObject ToJson() => new()
    {
        ["architecture"] = Architecture,
        ["dataset"] = Dataset,
        ["input"] = new JsonObject { ["channels"] = Shape.Channels, ["height"] = Shape.Height, ["width"] = Shape.Width, ["classes"] = Shape.Classes },
        ["parameters"] = Parameters,
        ["layers"] = new JsonArray([.. Layers.Select(l => (JsonNode)new JsonObject
        {
            ["name"] = l.Name,
            ["kind"] = l.Kind.ToString(),
            ["shape"] = new JsonArray([.. l.Shape.Select(d => (JsonNode)d)]),
            ["geometry"] = l.Conv?.ToString(),
            ["parameters"] = l.Parameters,
        })]),
    };

    /// <summary>The layer table and totals as plain text.</summary>
    public void WriteTable(TextWriter output)
    {
        output.WriteLine($"{Architecture} for {Dataset} ({Shape})");
        output.WriteLine($"{"layer",-28} {"kind",-7} {"weight shape",-20} {"geometry",-24} {"parameters",12}");
        foreach (var l in Layers)
            output.WriteLine($"{l.Name,-28} {l.Kind,-7} {string.Join("x", l.Shape),-20} {l.Conv?.ToString() ?? "",-24} {l.Parameters,12:N0}");
        output.WriteLine($"{Layers.Count} weight layers; other trainable parameters (BatchNorm etc.): {OtherParameters:N0}");
        output.WriteLine($"total trainable parameters: {Parameters:N0}");
    }
}

/// <summary>Builds an architecture plugin for a dataset's shape (no data files read) and describes its layers.</summary>
public static class ArchitectureDescriber
{
    /// <summary>
    /// Describes <paramref name="architecture"/> built with the <paramref name="settings"/> ("key=value"; values are JSON
    /// numbers/booleans, else strings) for <paramref name="dataset"/>'s shape (default: fashion-mnist for mlp, else cifar10).
    /// </summary>
    public static ArchitectureDescription Describe(string architecture, IReadOnlyList<string> settings, string? dataset, IEnumerable<string> pluginDirectories)
    {
        TorchRuntime.EnsureLoaded();
        var catalog = PluginCatalog.Load(pluginDirectories);
        var architecturePlugin = Find(catalog, PluginKind.Architecture, architecture);
        var datasetName = dataset ?? (architecture == "mlp" ? "fashion-mnist" : "cifar10");
        var shape = ((IDataset)Create(Find(catalog, PluginKind.Dataset, datasetName), default)).Shape;
        var built = (IArchitecture)Create(architecturePlugin, Options(settings));
        var factory = new LayerFactory();
        using var generator = new torch.Generator(0);
        using var model = built.Build(new ModelContext(shape, factory, generator));
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var layers = factory.Layers.Select(l => new DescribedLayer(l.Name, l.Kind, l.Weight.shape, l.Conv,
            l.Weight.numel() + (parameters.TryGetValue(l.Name + ".bias", out var bias) ? bias.numel() : 0))).ToList();
        var total = parameters.Values.Where(p => p.requires_grad).Sum(p => p.numel());
        return new ArchitectureDescription(architecture, datasetName, shape, layers, total);
    }

    private static PluginDescriptor Find(PluginCatalog catalog, PluginKind kind, string name)
    {
        var noun = kind.ToString().ToLowerInvariant();
        return catalog.Find(kind, name) ?? throw Error(ConfigurationCodes.UnknownPlugin,
            $"unknown {noun} '{name}'. Known: {string.Join(", ", catalog.Names(kind))}.");
    }

    private static object Create(PluginDescriptor descriptor, JsonElement options)
    {
        try
        {
            return descriptor.Create(options);
        }
        catch (PluginOptionsException error)
        {
            throw Error(ConfigurationCodes.PluginOption, error.Message);
        }
    }

    private static JsonElement Options(IReadOnlyList<string> settings)
    {
        var options = new JsonObject();
        foreach (var setting in settings)
        {
            var split = setting.IndexOf('=');
            if (split <= 0) throw Error(ConfigurationCodes.WrongType, $"--set expects key=value, found '{setting}'.");
            options[setting[..split]] = Value(setting[(split + 1)..]);
        }
        return JsonSerializer.SerializeToElement(options);
    }

    private static JsonNode? Value(string text)
    {
        try
        {
            var node = JsonNode.Parse(text);
            if (node is JsonValue value && value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False) return node;
        }
        catch (JsonException) { }
        return JsonValue.Create(text);
    }

    private static ConfigurationException Error(string code, string message) =>
        new(new ConfigurationError("regbench describe", 0, 0, code, message));
}
