using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;

namespace RegBench.Engine;

/// <summary>An experiment file validated against the plugins it can see: the built-in ones, its "plugins" entry and --plugins.</summary>
public sealed record ExperimentWorkspace(ExperimentFile File, PluginCatalog Catalog)
{
    /// <summary>The file name looked for in the working directory when --config is not given.</summary>
    public const string DefaultFileName = "experiments.json";

    /// <summary>
    /// The experiment file to use: <paramref name="explicitPath"/> as given (it must exist), else ./experiments.json,
    /// else the copy shipped beside the executable.
    /// </summary>
    public static string ResolveConfigPath(string? explicitPath)
    {
        if (explicitPath is not null) return Path.GetFullPath(explicitPath);
        var local = Path.GetFullPath(DefaultFileName);
        var shipped = Path.Combine(AppContext.BaseDirectory, DefaultFileName);
        return System.IO.File.Exists(local) || !System.IO.File.Exists(shipped) ? local : shipped;
    }

    /// <summary>Loads plugins and validates <paramref name="configPath"/>; throws configuration or plugin errors (exit 2).</summary>
    public static ExperimentWorkspace Open(string configPath, IEnumerable<string> extraPluginDirectories)
    {
        var fromFile = ExperimentFileReader.PluginDirectories(configPath);
        var catalog = PluginCatalog.Load([PluginCatalog.BuiltInDirectory, .. fromFile, .. extraPluginDirectories]);
        return new ExperimentWorkspace(ExperimentFileReader.Read(configPath, catalog), catalog);
    }
}
