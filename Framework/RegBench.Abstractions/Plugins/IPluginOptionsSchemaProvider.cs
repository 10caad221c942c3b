namespace RegBench.Abstractions;

/// <summary>
/// Implemented by generated plugin manifests (RegBench.Generators): the JSON Schema (draft 2020-12) of each
/// plugin's options object, for `regbench schema` and editor completion of experiments.json.
/// </summary>
public interface IPluginOptionsSchemaProvider
{
    /// <summary>The JSON Schema text of the options object of plugin <paramref name="name"/>, or null when the manifest does not list it.</summary>
    string? GetOptionsSchema(PluginKind kind, string name);
}
