using System.Text.Json;
using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>Canonical JSON of a <see cref="JsonElement"/> or JSON text: <see cref="CellIdentity.Canonical"/> of it, so run time and compile time agree.</summary>
public static class CanonicalJson
{
    /// <summary>The canonical text of <paramref name="element"/> ("{}" for undefined).</summary>
    public static string Write(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? "{}" : Normalize(element.GetRawText());

    /// <summary>The canonical form of JSON text (e.g. a plugin's <see cref="RegBench.Abstractions.BoundOptions.CanonicalJson"/>).</summary>
    public static string Normalize(string json) => CellIdentity.Canonical(JsonTreeParser.Parse(json));
}
