namespace RegBench.Abstractions;

/// <summary>Marks a plugin class with its user-facing name (lower-case, digits and '-').</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public abstract class PluginAttribute(string name) : Attribute
{
    /// <summary>The name experiments.json uses, e.g. "spectral-scaling".</summary>
    public string Name { get; } = name;

    /// <summary>One line for `regbench list plugins`: what it does and its source.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// The plugin's manifest version (default 1, at least 1). It is part of the id of every cell that uses the plugin:
    /// bump it when the plugin's behaviour changes for unchanged options, so results of the old behaviour are not reused.
    /// (A changed option default needs no bump: ids hash the options with every default filled.)
    /// </summary>
    public int Version { get; init; } = 1;
}

/// <summary>Marks a regularizer plugin.</summary>
public sealed class RegularizerAttribute(string name) : PluginAttribute(name);

/// <summary>Marks an architecture plugin.</summary>
public sealed class ArchitectureAttribute(string name) : PluginAttribute(name);

/// <summary>Marks a dataset plugin.</summary>
public sealed class DatasetAttribute(string name) : PluginAttribute(name);
