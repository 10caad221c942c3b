using System.Text.Json;
using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>Canonical JSON of a <see cref="JsonElement"/>: <see cref="CellIdentity.Canonical"/> of its text, so run time and compile time agree.</summary>
public static class CanonicalJson
{
    /// <summary>The canonical text of <paramref name="element"/> ("{}" for undefined).</summary>
    public static string Write(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? "{}" : CellIdentity.Canonical(JsonTreeParser.Parse(element.GetRawText()));
}
