using static TorchSharp.torch;

namespace RegBench.Testing;

/// <summary>
/// Runs one contract case at a time in the process, inside a dispose scope: the cases touch process-wide torch state
/// (the checkpoint writes and restores the global RNG), so running them one after another keeps every case reproducible
/// from its FsCheck seed whatever the test runner runs in parallel.
/// </summary>
internal static class ContractScope
{
    private static readonly Lock Gate = new();

    /// <summary>Runs <paramref name="check"/> alone, freeing its tensors afterwards.</summary>
    public static void Run(Action check)
    {
        lock (Gate)
        {
            using var scope = NewDisposeScope();
            check();
        }
    }

    /// <summary>A temporary folder for checkpoints, deleted with its contents when disposed.</summary>
    public static TemporaryDirectory TemporaryDirectory() => new(Directory.CreateTempSubdirectory("regbench-contracts-").FullName);
}

/// <summary>A folder deleted with its contents on dispose.</summary>
/// <param name="Path">The folder.</param>
internal sealed record TemporaryDirectory(string Path) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
