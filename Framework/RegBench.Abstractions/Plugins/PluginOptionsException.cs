namespace RegBench.Abstractions;

/// <summary>A plugin option has the wrong type or is unknown. <see cref="PropertyPath"/> names it, e.g. "width".</summary>
public sealed class PluginOptionsException(string pluginName, string propertyPath, string message)
    : Exception($"{pluginName}: option '{propertyPath}': {message}")
{
    /// <summary>The plugin whose options failed to bind.</summary>
    public string PluginName { get; } = pluginName;

    /// <summary>Path of the offending property inside the options object.</summary>
    public string PropertyPath { get; } = propertyPath;
}
