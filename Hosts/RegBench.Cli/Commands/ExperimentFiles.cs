using RegBench.Engine;

namespace RegBench.Cli.Commands;

/// <summary>Opens the experiment file a command works on: --config / FILE, else ./experiments.json, else the built-in one.</summary>
internal static class ExperimentFiles
{
    /// <summary>The validated workspace and a description of where its file came from, for log lines.</summary>
    public static (ExperimentWorkspace Workspace, string Origin) Open(string? explicitPath, IEnumerable<string> extraPluginDirectories)
    {
        if (ExperimentWorkspace.ResolveConfigPath(explicitPath) is { } path)
            return (ExperimentWorkspace.Open(path, extraPluginDirectories), path);
        // No file here: the experiments.json the build validated (RB1xxx) and compiled in (BuiltInExperiments, generated).
        var builtIn = Path.Combine(AppContext.BaseDirectory, ExperimentWorkspace.DefaultFileName);
        return (ExperimentWorkspace.OpenBuiltIn(BuiltInExperiments.Source, builtIn, extraPluginDirectories),
            $"the built-in {ExperimentWorkspace.DefaultFileName} (compiled into regbench; no ./{ExperimentWorkspace.DefaultFileName} here)");
    }
}
