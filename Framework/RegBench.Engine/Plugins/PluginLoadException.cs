namespace RegBench.Engine.Plugins;

/// <summary>A plugin assembly cannot be used; the message says which, why, and how to fix it. Exit code 2.</summary>
public sealed class PluginLoadException(string message) : Exception(message);
