using System.Text.Json;
using System.Text.Json.Nodes;
using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Experiments;

namespace RegBench.Cli.Arguments;

/// <summary>
/// A plugin given on the command line as in experiments.json: a name ("spectral-scaling") or an object with "name" and the
/// plugin's options (<c>{"name":"mlp","depth":3}</c>). Checked against the loaded plugins like an experiment file: unknown
/// names (RB1001, with "did you mean"), option errors (RB1002), bad JSON (RB1000) are <see cref="ConfigurationException"/>s
/// located at the option that gave them.
/// </summary>
public static class PluginArgument
{
    /// <summary>Parses and checks <paramref name="text"/> given to <paramref name="option"/> as a plugin of <paramref name="kind"/>.</summary>
    public static PluginChoice Parse(PluginKind kind, string option, string text, IPluginDirectory plugins)
    {
        var noun = kind.ToString().ToLowerInvariant();
        var (name, options) = text.TrimStart().StartsWith('{') ? FromJson(option, noun, text) : (text.Trim(), EmptyObject());
        var known = plugins.Names(kind).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var descriptor = plugins.Find(kind, name) ?? throw Error(option, ConfigurationCodes.UnknownPlugin,
            $"unknown {noun} '{name}'{Suggest.DidYouMean(name, known)}. Known: {string.Join(", ", known)}.");
        try
        {
            (descriptor.Create(options) as IDisposable)?.Dispose();
        }
        catch (PluginOptionsException error)
        {
            throw Error(option, ConfigurationCodes.PluginOption, error.Message);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Not an options problem (a constructor that throws): left to the measurement, which reports it on the plugin's row.
        }
        return new PluginChoice(kind, name, options);
    }

    /// <summary>A configuration error located at a command-line option ("--regularizer: error RB1001: …").</summary>
    public static ConfigurationException Error(string option, string code, string message) => ConfigurationException.At(option, code, message);

    private static (string Name, JsonElement Options) FromJson(string option, string noun, string text)
    {
        JsonObject parsed;
        try
        {
            parsed = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException error)
        {
            throw Error(option, ConfigurationCodes.Syntax, $"'{text}' is not a JSON object ({error.Message}); give the {noun}'s name or an object such as {{\"name\":\"...\"}}.");
        }
        if (parsed["name"] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            throw Error(option, ConfigurationCodes.WrongType, $"a {noun} object needs a \"name\" string, found {text}.");
        parsed.Remove("name");
        return (value.GetValue<string>(), JsonSerializer.SerializeToElement(parsed));
    }

    private static JsonElement EmptyObject() => JsonSerializer.SerializeToElement(new JsonObject());
}
