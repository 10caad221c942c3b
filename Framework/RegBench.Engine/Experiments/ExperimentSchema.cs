using System.Text.Json;
using System.Text.Json.Nodes;
using RegBench.Abstractions;
using RegBench.Engine.Plugins;

namespace RegBench.Engine.Experiments;

/// <summary>
/// The JSON Schema (draft 2020-12) of experiments.json for the loaded plugins: the core format plus, per axis, each
/// plugin as its name or as an object with "name" and its options (the plugin's own schema when its manifest has one,
/// else one built from its listed options), so editors complete and check the file.
/// </summary>
public static class ExperimentSchema
{
    /// <summary>The schema text, indented.</summary>
    public static string Build(PluginCatalog catalog)
    {
        var profile = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["datasets"] = Axis(catalog, PluginKind.Dataset),
                ["architectures"] = Axis(catalog, PluginKind.Architecture),
                ["regularizers"] = Axis(catalog, PluginKind.Regularizer),
                ["seeds"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 } },
                ["batchSize"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                ["batchSizes"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 } },
                ["epochs"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                ["init"] = Enum(ExperimentProfile.Inits),
                ["gapThreshold"] = new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0, ["maximum"] = 1 },
                ["gapThresholdByBatchSize"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "Threshold per batch size (keys: batch sizes of the profile); other batch sizes use gapThreshold.",
                    ["propertyNames"] = new JsonObject { ["pattern"] = "^[1-9][0-9]*$" },
                    ["additionalProperties"] = new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0, ["maximum"] = 1 },
                },
                ["spectrumEvery"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                ["optimizer"] = Settings(OptimizerSettings.Known, new()
                {
                    ["lr"] = new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0 },
                    ["lrByBatchSize"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["description"] = "Rate per batch size (keys: batch sizes of the profile); other batch sizes use lr.",
                        ["propertyNames"] = new JsonObject { ["pattern"] = "^[1-9][0-9]*$" },
                        ["additionalProperties"] = new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0 },
                    },
                    ["momentum"] = new JsonObject { ["type"] = "number", ["minimum"] = 0 },
                    ["nesterov"] = new JsonObject { ["type"] = "boolean" },
                    ["weightDecay"] = new JsonObject { ["type"] = "number", ["minimum"] = 0 },
                }),
                ["schedule"] = Settings(ScheduleSettings.Known, new()
                {
                    ["milestones"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 } },
                    ["gamma"] = new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0 },
                    ["warmupEpochs"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
                }),
            },
        };
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "RegBench experiments.json",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["$schema"] = new JsonObject { ["type"] = "string" },
                ["plugins"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                ["defaults"] = new JsonObject { ["$ref"] = "#/$defs/profile" },
                ["profiles"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["$ref"] = "#/$defs/profile" } },
            },
            ["required"] = new JsonArray("profiles"),
            ["$defs"] = new JsonObject { ["profile"] = profile },
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Axis(PluginCatalog catalog, PluginKind kind)
    {
        var plugins = catalog.Plugins.Where(p => p.Descriptor.Kind == kind).ToList();
        var choices = new JsonArray { Enum(plugins.Select(p => p.Descriptor.Name)) };
        foreach (var plugin in plugins)
        {
            var options = plugin.OptionsSchema is { } text ? (JsonObject)JsonNode.Parse(text)! : FromOptions(plugin.Descriptor.Options);
            var properties = options["properties"] as JsonObject ?? [];
            options["properties"] = properties;
            properties["name"] = new JsonObject { ["const"] = plugin.Descriptor.Name };
            options["required"] = new JsonArray("name");
            options["description"] = plugin.Descriptor.Description;
            options.Remove("$schema");
            choices.Add(options);
        }
        return new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["anyOf"] = choices } };
    }

    private static JsonObject FromOptions(IReadOnlyList<PluginOption> options)
    {
        var properties = new JsonObject();
        foreach (var option in options)
            properties[option.Name] = new JsonObject
            {
                ["type"] = option.Type == "number" ? new JsonArray("number", "null") : option.Type,
                ["default"] = JsonNode.Parse(option.Default),
                ["description"] = option.Description,
            };
        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    private static JsonObject Settings(string[] names, JsonObject properties)
    {
        properties["name"] = Enum(names);
        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    private static JsonObject Enum(IEnumerable<string> values) => new() { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v!)]) };
}
