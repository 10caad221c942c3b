using RegBench.Engine.Plugins;

namespace RegBench.Engine.Tests;

/// <summary>The built-in plugins copied beside the tests (RegBenchHostsPlugins), loaded once per test run.</summary>
public static class BuiltInPlugins
{
    private static readonly Lazy<PluginCatalog> Loaded = new(() => PluginCatalog.Load([PluginCatalog.BuiltInDirectory]));

    /// <summary>The catalog of every plugin the solution builds.</summary>
    public static PluginCatalog Catalog => Loaded.Value;
}
