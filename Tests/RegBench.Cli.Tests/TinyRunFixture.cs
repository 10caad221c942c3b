namespace RegBench.Cli.Tests;

/// <summary>
/// One real run shared by the export and inspect tests: synthetic 3×32×32 images, mlp and vgg-11 (width 8), none and
/// miyato-sn, 2 epochs — 4 cells with checkpoints, conv layers with operator norms and regularizer metrics.
/// </summary>
public sealed class TinyRunFixture : IDisposable
{
    private readonly TempDirectory folder = new();

    /// <summary>Runs the profile once; every test of the collection reads the same results.</summary>
    public TinyRunFixture()
    {
        folder.Write("experiments.json", """
            { "profiles": { "tiny": {
                "datasets": [{ "name": "synthetic", "channels": 3, "height": 32, "width": 32, "trainSize": 64, "testSize": 32 }],
                "architectures": [{ "name": "mlp", "depth": 1, "width": 16 }, { "name": "vgg", "depth": 11, "width": 8 }],
                "regularizers": ["none", "miyato-sn"], "epochs": 2, "seeds": [0], "batchSize": 32 } } }
            """);
        // One intra-op thread: conv backward on this machine's libtorch is unreliable with more (see ConvArchitectureRunTests).
        Run = Regbench.Run(folder.Path, new Dictionary<string, string?> { ["OMP_NUM_THREADS"] = "1" }, "run", "--profile", "tiny");
    }

    /// <summary>The `regbench run` result.</summary>
    public Regbench.Result Run { get; }

    /// <summary>The working folder of the run (holds results/).</summary>
    public string Folder => folder.Path;

    /// <summary>results/regbench.db.</summary>
    public string Database => folder.File("results/regbench.db");

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();
}

/// <summary>Tests that read the shared tiny run.</summary>
[CollectionDefinition(Name)]
public sealed class TinyRunCollection : ICollectionFixture<TinyRunFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "tiny run";
}
