using RegBench.Abstractions;

namespace RegBench.Engine.Plugins;

/// <summary>A plugin found in a loaded assembly: its descriptor, where it came from, and the assembly version.</summary>
public sealed record LoadedPlugin(PluginDescriptor Descriptor, string AssemblyPath, string Version);
