using System.CommandLine;

namespace RegBench.Cli.Commands;

/// <summary>Options several commands share, defined once so names and help read the same everywhere.</summary>
public static class CommonOptions
{
    /// <summary>--config FILE: the experiment file.</summary>
    public static Option<string?> Config() => new("--config") { Description = "Experiment file (default: ./experiments.json)." };

    /// <summary>--results DIR: where regbench.db, checkpoints and reports live.</summary>
    public static Option<string> Results() => new("--results") { Description = "Results folder.", DefaultValueFactory = _ => "results" };

    /// <summary>--plugins DIR (repeatable): extra plugin folders.</summary>
    public static Option<string[]> Plugins() => new("--plugins") { Description = "Extra plugin folder (repeatable).", AllowMultipleArgumentsPerToken = false };
}
