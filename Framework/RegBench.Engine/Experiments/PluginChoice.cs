using System.Text.Json;
using RegBench.Abstractions;

namespace RegBench.Engine.Experiments;

/// <summary>One value of a plugin axis: the plugin's name and its options object (without "name").</summary>
/// <param name="Kind">Which kind of plugin.</param>
/// <param name="Name">The plugin's name.</param>
/// <param name="Options">The options object as written (an empty object when only the name was given).</param>
public sealed record PluginChoice(PluginKind Kind, string Name, JsonElement Options)
{
    /// <summary>Canonical JSON of the options: keys sorted, numbers normalized; part of the cell id.</summary>
    public string CanonicalOptions => CanonicalJson.Write(Options);

    /// <summary>Short label for tables: "mlp" or "mlp(depth=3,width=256)".</summary>
    public string Label => Options.ValueKind != JsonValueKind.Object || !Options.EnumerateObject().Any()
        ? Name
        : $"{Name}({string.Join(",", Options.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={CanonicalJson.Write(p.Value).Trim('"')}"))})";

    /// <summary>Equality by kind, name and canonical options (JsonElement has no value equality).</summary>
    public bool Equals(PluginChoice? other) =>
        other is not null && Kind == other.Kind && Name == other.Name && CanonicalOptions == other.CanonicalOptions;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Name, CanonicalOptions);
}
