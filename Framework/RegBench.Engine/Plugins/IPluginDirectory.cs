using RegBench.Abstractions;

namespace RegBench.Engine.Plugins;

/// <summary>Looks up loaded plugins by kind and name (the catalog; tests may pass their own).</summary>
public interface IPluginDirectory
{
    /// <summary>The plugin of <paramref name="kind"/> named <paramref name="name"/>, or null.</summary>
    PluginDescriptor? Find(PluginKind kind, string name);

    /// <summary>Every loaded name of <paramref name="kind"/>, sorted.</summary>
    IReadOnlyList<string> Names(PluginKind kind);
}
