namespace RegBench.Results;

/// <summary>
/// Test-only pause points at the moments a crash is most harmful (docs/reliability.md). With
/// <c>REGBENCH_FAULT_PAUSE=NAME:N</c> the N-th arrival at point NAME prints <c>regbench-fault-point: paused at NAME #N</c> on
/// stderr and waits: forever (the reliability suite then SIGKILLs the process there), or until the file named by
/// <c>REGBENCH_FAULT_CONTINUE</c> exists. Without the variable a point costs one null check.
/// </summary>
public static class FaultPoint
{
    /// <summary>Inside a checkpoint write: the model is in the temp file, which is neither flushed nor renamed yet.</summary>
    public const string CheckpointWrite = "checkpoint-write";

    /// <summary>Inside the store's epoch transaction: the epoch's rows are inserted, the commit has not happened.</summary>
    public const string StoreCommit = "store-commit";

    private static readonly (string Name, int Arrival)? Pause = ParsePause(Environment.GetEnvironmentVariable("REGBENCH_FAULT_PAUSE"));
    private static int arrivals;

    /// <summary>Marks that the process reached point <paramref name="name"/>; pauses there when the environment asks for it.</summary>
    public static void Reach(string name)
    {
        if (Pause is not { } pause || pause.Name != name || Interlocked.Increment(ref arrivals) != pause.Arrival) return;
        Console.Error.WriteLine($"regbench-fault-point: paused at {name} #{pause.Arrival}");
        Console.Error.Flush();
        var gate = Environment.GetEnvironmentVariable("REGBENCH_FAULT_CONTINUE");
        while (gate is null || !File.Exists(gate)) Thread.Sleep(20);
    }

    private static (string, int)? ParsePause(string? value)
    {
        var parts = value?.Split(':');
        return parts is [var name, var count] && int.TryParse(count, out var arrival) && arrival > 0 ? (name, arrival) : null;
    }
}
