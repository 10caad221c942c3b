namespace RegBench.Cli.Tests;

/// <summary>One-epoch runs of the conv architectures through the host on a tiny synthetic 32×32 RGB dataset.</summary>
public sealed class ConvArchitectureRunTests : IDisposable
{
    private readonly TempDirectory folder = new();

    [Theory]
    [InlineData("""{ "name": "resnet", "depth": 18, "width": 8 }""")]
    [InlineData("""{ "name": "vgg", "depth": 11, "width": 8 }""")]
    public void A_one_epoch_run_on_synthetic_32x32_images_exits_0_with_finite_losses(string architecture)
    {
        folder.Write("experiments.json", $$"""
            { "profiles": { "tiny": {
                "datasets": [{ "name": "synthetic", "channels": 3, "height": 32, "width": 32, "trainSize": 64, "testSize": 32 }],
                "architectures": [{{architecture}}], "regularizers": ["none"], "epochs": 1, "seeds": [0], "batchSize": 32 } } }
            """);
        var result = Regbench.Run(folder.Path, "run", "--profile", "tiny");

        Assert.True(result.ExitCode == 0, result.ToString());
        var epoch = Assert.Single(ResultsDatabase.Query(folder.File("results/regbench.db"), "SELECT train_loss, test_loss FROM epochs"));
        Assert.All(epoch.Values, v => Assert.True(double.IsFinite(Convert.ToDouble(v)), result.ToString()));
        Assert.Equal("done", Assert.Single(ResultsDatabase.Query(folder.File("results/regbench.db"), "SELECT status FROM cells"))["status"]);
        // On CPUs without NNPACK libtorch logged a warning per convolution (thousands of lines); regbench switches it off.
        var nnpackLines = result.Error.Split('\n').Count(line => line.Contains("NNPACK", StringComparison.Ordinal));
        Assert.True(nnpackLines <= 1, $"{nnpackLines} NNPACK lines on stderr");
    }

    public void Dispose() => folder.Dispose();
}
