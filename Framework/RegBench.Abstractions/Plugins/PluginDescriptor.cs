using System.Text.Json;

namespace RegBench.Abstractions;

/// <summary>
/// What a plugin assembly's manifest says of one plugin: kind, name, description, options and a factory
/// that binds a JSON options object (without "name") and creates the plugin.
/// </summary>
/// <param name="Kind">Regularizer, architecture or dataset.</param>
/// <param name="Name">The user-facing name.</param>
/// <param name="Description">One line: what it does, source.</param>
/// <param name="Options">Every option with type and default.</param>
/// <param name="Create">Binds options (throws <see cref="PluginOptionsException"/> naming the property) and creates the plugin.</param>
public sealed record PluginDescriptor(
    PluginKind Kind,
    string Name,
    string Description,
    IReadOnlyList<PluginOption> Options,
    Func<JsonElement, object> Create);
