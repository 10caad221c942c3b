using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;

namespace RegBench.Engine;

/// <summary>An experiment file validated against the plugins it can see: the built-in ones, its "plugins" entry and --plugins.</summary>
public sealed record ExperimentWorkspace(ExperimentFile File, PluginCatalog Catalog)
{
    /// <summary>The file name looked for in the working directory when --config is not given.</summary>
    public const string DefaultFileName = "experiments.json";

    /// <summary>
    /// The experiment file to use: <paramref name="explicitPath"/> as given (it must exist), else ./experiments.json when
    /// it exists, else null: use the built-in experiments the host was compiled with (<see cref="OpenBuiltIn"/>).
    /// </summary>
    public static string? ResolveConfigPath(string? explicitPath)
    {
        if (explicitPath is not null) return Path.GetFullPath(explicitPath);
        var local = Path.GetFullPath(DefaultFileName);
        return System.IO.File.Exists(local) ? local : null;
    }

    /// <summary>
    /// Loads plugins and validates the experiments.json text compiled into the host (already validated at build time
    /// against the built-in plugins; checked again here with the extra plugin folders). Errors name
    /// <paramref name="displayPath"/>; its folder resolves the file's "plugins" entries.
    /// </summary>
    public static ExperimentWorkspace OpenBuiltIn(string source, string displayPath, IEnumerable<string> extraPluginDirectories)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(source);
        var fromFile = ExperimentFileReader.PluginDirectories(utf8, displayPath);
        var catalog = PluginCatalog.Load([PluginCatalog.BuiltInDirectory, .. fromFile, .. extraPluginDirectories]);
        return new ExperimentWorkspace(ExperimentFileReader.Parse(utf8, displayPath, catalog), catalog);
    }

    /// <summary>Loads plugins and validates <paramref name="configPath"/>; throws configuration or plugin errors (exit 2).</summary>
    public static ExperimentWorkspace Open(string configPath, IEnumerable<string> extraPluginDirectories)
    {
        var fromFile = ExperimentFileReader.PluginDirectories(configPath);
        var catalog = PluginCatalog.Load([PluginCatalog.BuiltInDirectory, .. fromFile, .. extraPluginDirectories]);
        return new ExperimentWorkspace(ExperimentFileReader.Read(configPath, catalog), catalog);
    }
}
