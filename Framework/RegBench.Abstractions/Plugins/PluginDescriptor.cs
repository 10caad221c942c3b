using System.Text.Json;

namespace RegBench.Abstractions;

/// <summary>
/// What a plugin assembly's manifest says of one plugin: kind, name, description, options, manifest version, a binder
/// that turns a JSON options object (without "name") into the typed options record, and a factory that creates the
/// plugin from bound options. Validation binds; only a run constructs (docs/architecture.md, "Plugin options").
/// </summary>
/// <param name="Kind">Regularizer, architecture or dataset.</param>
/// <param name="Name">The user-facing name.</param>
/// <param name="Description">One line: what it does, source.</param>
/// <param name="Options">Every option with type and default.</param>
/// <param name="Version">The plugin's manifest version (<see cref="PluginAttribute.Version"/>); part of every cell id that uses it.</param>
/// <param name="Bind">
/// Binds options strictly (unknown options, wrong types), fills the defaults and checks the ranges and the plugin's
/// Validate hook; throws <see cref="PluginOptionsException"/> naming the option. Never constructs the plugin.
/// </param>
/// <param name="Create">Creates the plugin from options this descriptor bound.</param>
public sealed record PluginDescriptor(
    PluginKind Kind,
    string Name,
    string Description,
    IReadOnlyList<PluginOption> Options,
    int Version,
    Func<JsonElement, BoundOptions> Bind,
    Func<BoundOptions, object> Create)
{
    /// <summary>Binds <paramref name="options"/>, then creates the plugin from them.</summary>
    public object CreateFrom(JsonElement options) => Create(Bind(options));
}

/// <summary>
/// A plugin's options after binding: the typed options record (null for a plugin without options) and its canonical
/// JSON with every default filled (keys sorted, numbers in shortest round-trip form) — the form cell ids hash.
/// </summary>
/// <param name="Value">The options record the plugin's constructor takes; null when the plugin has none.</param>
/// <param name="CanonicalJson">Every option and its value, defaults included: e.g. {"decoupled":false,"exclude":[],"lambda":0.0001,"lr":null}.</param>
public sealed record BoundOptions(object? Value, string CanonicalJson)
{
    /// <summary>The bound options of a plugin that takes none.</summary>
    public static BoundOptions None { get; } = new(null, "{}");
}
