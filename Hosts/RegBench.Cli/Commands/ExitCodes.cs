using RegBench.Engine.Running;

namespace RegBench.Cli.Commands;

/// <summary>The process exit codes every command uses.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for is done.</summary>
    public const int Ok = 0;
    /// <summary>Some cells failed or diverged (the others finished).</summary>
    public const int CellsFailed = 1;
    /// <summary>`regbench bench`: a measurement exceeded a --max-ratio or --max-growth-mb limit, or failed.</summary>
    public const int LimitExceeded = 1;
    /// <summary>Usage or configuration error: nothing was run.</summary>
    public const int Usage = 2;
    /// <summary>Environment error (native library, dataset files): nothing was run.</summary>
    public const int Environment = 3;
    /// <summary>Interrupted by Ctrl-C or SIGTERM; the store is consistent and `resume` continues.</summary>
    public const int Interrupted = 130;

    /// <summary>A matrix run's code: <see cref="Interrupted"/>, <see cref="Ok"/> when every cell is done, else <see cref="CellsFailed"/>.</summary>
    public static int Of(RunOutcome outcome) => outcome.Interrupted ? Interrupted : outcome.AllDone ? Ok : CellsFailed;
}
