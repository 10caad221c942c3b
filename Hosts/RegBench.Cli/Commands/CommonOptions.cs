using System.CommandLine;

namespace RegBench.Cli.Commands;

/// <summary>Options several commands share, defined once so names and help read the same everywhere.</summary>
public static class CommonOptions
{
    /// <summary>--config FILE: the experiment file.</summary>
    public static Option<string?> Config() => new("--config") { Description = "Experiment file (default: ./experiments.json)." };

    /// <summary>--results DIR: where regbench.db, checkpoints and reports live.</summary>
    public static Option<string> Results() => new("--results") { Description = "Results folder.", DefaultValueFactory = _ => "results" };

    /// <summary>--store FILE|URI: a SQLite file or a postgres:// URI; default $REGBENCH_STORE, else RESULTS/regbench.db.</summary>
    public static Option<string?> Store() => new("--store")
    {
        Description = "Results store: a SQLite file, or postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: $REGBENCH_STORE, else RESULTS/regbench.db).",
    };

    /// <summary>--device cpu|cuda|auto: the torch device cells train on (resolved by DeviceChoice, placed by DevicePlacement).</summary>
    public static Option<string> Device() => new("--device")
    {
        Description = "Torch device: cpu, cuda (needs a CUDA build, -p:TorchBackend=cuda, and a GPU) or auto (cuda when torch.cuda.is_available(), else cpu).",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary>--plugins DIR (repeatable): extra plugin folders.</summary>
    public static Option<string[]> Plugins() => new("--plugins") { Description = "Extra plugin folder (repeatable).", AllowMultipleArgumentsPerToken = false };
}
