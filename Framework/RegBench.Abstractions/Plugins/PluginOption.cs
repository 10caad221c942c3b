namespace RegBench.Abstractions;

/// <summary>One option of a plugin, for `regbench list plugins --verbose` and the JSON Schema.</summary>
/// <param name="Name">camelCase name as written in experiments.json.</param>
/// <param name="Type">JSON type: "number", "integer", "boolean", "string", "array".</param>
/// <param name="Default">The default value as JSON text ("null" when none).</param>
/// <param name="Description">One line: meaning and unit.</param>
public sealed record PluginOption(string Name, string Type, string Default, string Description = "");
