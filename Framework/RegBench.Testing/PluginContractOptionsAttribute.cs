using RegBench.Abstractions;

namespace RegBench.Testing;

/// <summary>
/// The options object the generated contract tests create one plugin with, instead of all defaults, e.g. to make an
/// architecture tiny: <c>[assembly: PluginContractOptions(PluginKind.Architecture, "vgg", """{"depth": 11, "width": 8}""")]</c>.
/// Declared invariants are then checked at these options. The generator reports RB2006 when no referenced plugin has
/// that kind and name.
/// </summary>
/// <param name="kind">The plugin's kind.</param>
/// <param name="name">The plugin's name, as in experiments.json.</param>
/// <param name="optionsJson">A JSON options object, bound by the plugin's manifest as experiments.json would be.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class PluginContractOptionsAttribute(PluginKind kind, string name, string optionsJson) : Attribute
{
    /// <summary>The plugin's kind.</summary>
    public PluginKind Kind { get; } = kind;

    /// <summary>The plugin's name.</summary>
    public string Name { get; } = name;

    /// <summary>The JSON options object.</summary>
    public string OptionsJson { get; } = optionsJson;
}
