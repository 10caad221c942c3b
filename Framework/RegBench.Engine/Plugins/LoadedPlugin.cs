using RegBench.Abstractions;

namespace RegBench.Engine.Plugins;

/// <summary>A plugin found in a loaded assembly: its descriptor, where it came from, the assembly version, and the
/// JSON Schema of its options when its manifest provides one (generated manifests do).</summary>
public sealed record LoadedPlugin(PluginDescriptor Descriptor, string AssemblyPath, string Version, string? OptionsSchema = null);
