using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Plugins;
using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>One value of a plugin axis: the plugin's name, its options as written, and what binding them gave.</summary>
/// <param name="Kind">Which kind of plugin.</param>
/// <param name="Name">The plugin's name.</param>
/// <param name="Options">The options object as written (an empty object when only the name was given).</param>
/// <param name="CanonicalOptions">The bound options with every default filled, canonical (<see cref="CanonicalJson"/>); part of the cell id.</param>
/// <param name="Version">The plugin's manifest version; part of the cell id.</param>
public sealed record PluginChoice(PluginKind Kind, string Name, JsonElement Options, string CanonicalOptions, int Version)
{
    /// <summary>Binds <paramref name="options"/> with the loaded plugin (never creates it); errors as <see cref="IPluginDirectory.Bind"/>'s.</summary>
    public static PluginChoice Bind(IPluginDirectory plugins, PluginKind kind, string name, JsonElement options)
    {
        var bound = plugins.Bind(kind, name, options);
        return new PluginChoice(kind, name, options, CanonicalJson.Normalize(bound.Options.CanonicalJson), bound.Descriptor.Version);
    }

    /// <summary>Canonical JSON of the options as written (keys sorted, numbers normalized): the id rule 1 form, for finding old cells.</summary>
    public string WrittenOptions => CanonicalJson.Write(Options);

    /// <summary>The plugin as the cell id sees it.</summary>
    public CellPlugin Identity => new(Name, CanonicalOptions, Version);

    /// <summary>Short label for tables: "mlp" or "mlp(depth=3,width=256)" (the options as written).</summary>
    public string Label => Options.ValueKind != JsonValueKind.Object || !Options.EnumerateObject().Any()
        ? Name
        : $"{Name}({string.Join(",", Options.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={CanonicalJson.Write(p.Value).Trim('"')}"))})";

    /// <summary>Creates the plugin through <paramref name="plugins"/> (<see cref="IPluginDirectory.Create"/>).</summary>
    public object Create(IPluginDirectory plugins) => plugins.Create(Kind, Name, Options);

    /// <summary>Equality by kind, name, bound options and version: <c>{}</c> and the defaults written out are one choice.</summary>
    public bool Equals(PluginChoice? other) =>
        other is not null && Kind == other.Kind && Name == other.Name && CanonicalOptions == other.CanonicalOptions && Version == other.Version;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Name, CanonicalOptions, Version);
}
