namespace RegBench.Abstractions;

/// <summary>The one known type per plugin assembly that lists its plugins; the host reads it, never scans types.</summary>
public interface IPluginManifest
{
    /// <summary>The Abstractions major version the assembly was built against.</summary>
    int AbstractionsMajor => AbstractionsVersion.Major;

    /// <summary>Every plugin in the assembly.</summary>
    IReadOnlyList<PluginDescriptor> Plugins { get; }
}

/// <summary>Names the assembly's <see cref="IPluginManifest"/> type so the host can find it without scanning.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class PluginManifestAttribute(Type manifestType) : Attribute
{
    /// <summary>A public type with a parameterless constructor implementing <see cref="IPluginManifest"/>.</summary>
    public Type ManifestType { get; } = manifestType;
}
