namespace RegBench.Abstractions;

/// <summary>The contract version plugins are built against; the host refuses plugins built for another major.</summary>
public static class AbstractionsVersion
{
    /// <summary>
    /// Major version: bumped on any breaking change of the plugin contracts. 2: <see cref="PluginDescriptor"/> binds
    /// options (<see cref="BoundOptions"/>) separately from creating the plugin, and carries the plugin's manifest version.
    /// </summary>
    public const int Major = 2;
}
