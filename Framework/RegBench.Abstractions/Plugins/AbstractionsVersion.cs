namespace RegBench.Abstractions;

/// <summary>The contract version plugins are built against; the host refuses plugins built for another major.</summary>
public static class AbstractionsVersion
{
    /// <summary>Major version: bumped on any breaking change of the plugin contracts.</summary>
    public const int Major = 1;
}
