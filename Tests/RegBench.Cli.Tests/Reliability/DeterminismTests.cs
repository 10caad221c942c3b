namespace RegBench.Cli.Tests.Reliability;

/// <summary>
/// The same cells with the same seeds in two processes at once give identical metrics on CPU: every random draw comes from
/// the cell's seeded generators, and oneDNN is capped to SSE4.1 (docs/architecture.md, "Native defaults"). Timing and
/// memory columns are not compared.
/// </summary>
public sealed class DeterminismTests : IDisposable
{
    private readonly TempDirectory folder = new();

    [Fact]
    public void Two_processes_training_the_same_cells_store_identical_epoch_and_layer_rows()
    {
        ReliabilityProfile.WriteTo(folder);
        string[] Args(string results) => ["run", "--profile", ReliabilityProfile.Name, "--results", results, "--filter", "regularizer=spectral-scaling,weight-decay", "--filter", "seed=1"];

        using var first = RegbenchProcess.Start(folder.Path, new Dictionary<string, string?>(), Args("a"));
        using var second = RegbenchProcess.Start(folder.Path, new Dictionary<string, string?>(), Args("b"));
        Assert.True(first.WaitForExit(TimeSpan.FromMinutes(3)) && second.WaitForExit(TimeSpan.FromMinutes(3)), "the two runs did not finish");

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, $"{first}\n{second}");
        var (a, b) = (folder.File("a/regbench.db"), folder.File("b/regbench.db"));
        Assert.Equal(2 * ReliabilityProfile.Epochs, ReliabilityProfile.Rows(a, "epochs", ReliabilityProfile.EpochColumns, "cell_id, epoch").Count);
        Assert.Equal(ReliabilityProfile.Rows(a, "epochs", ReliabilityProfile.EpochColumns, "cell_id, epoch"), ReliabilityProfile.Rows(b, "epochs", ReliabilityProfile.EpochColumns, "cell_id, epoch"));
        Assert.Equal(ReliabilityProfile.Rows(a, "layers", ReliabilityProfile.LayerColumns, "cell_id, epoch, layer"), ReliabilityProfile.Rows(b, "layers", ReliabilityProfile.LayerColumns, "cell_id, epoch, layer"));
    }

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();
}
