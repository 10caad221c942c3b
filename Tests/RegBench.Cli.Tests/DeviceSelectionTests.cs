namespace RegBench.Cli.Tests;

/// <summary>What this build does with a GPU request: the msbuild switch that picks the libtorch package, and --device.</summary>
public sealed class DeviceSelectionTests : IDisposable
{
    private const string TinyProfile = """
        { "profiles": { "tiny": {
            "datasets": [{ "name": "synthetic", "trainSize": 128, "testSize": 64, "height": 8, "width": 8 }],
            "architectures": [{ "name": "mlp", "depth": 2, "width": 16 }], "regularizers": ["none", "spectral-scaling"],
            "epochs": 2, "seeds": [0], "batchSize": 32 } } }
        """;

    private readonly TempDirectory folder = new();

    private static string TorchBackend(params string[] properties)
    {
        var result = ChildProcess.Run("dotnet", PluginTemplateFixture.RepoRoot, null, TimeSpan.FromMinutes(2),
            ["msbuild", "Framework/RegBench.Results/RegBench.Results.csproj", "-getProperty:TorchBackend", .. properties]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output.Trim();
    }

    [Fact]
    public void RegBenchTorch_is_an_alias_of_TorchBackend_and_TorchBackend_wins()
    {
        Assert.Equal("cpu", TorchBackend());
        Assert.Equal("cuda", TorchBackend("-p:RegBenchTorch=cuda"));
        Assert.Equal("cpu", TorchBackend("-p:RegBenchTorch=cuda", "-p:TorchBackend=cpu"));
    }

    [Theory]
    [InlineData("run", "--profile", "quick", "--epochs", "1")]
    [InlineData("resume")]
    [InlineData("worker", "--profile", "quick", "--epochs", "1")]
    [InlineData("bench", "--steps", "1", "--warmup", "0")]
    public void Device_cuda_in_the_cpu_build_exits_2_saying_why_and_how_to_fix_it_and_writes_nothing(params string[] command)
    {
        var run = Regbench.Run(folder.Path, [.. command, "--device", "cuda"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--device: error RB1005: cuda: torch.cuda.is_available() is false: this regbench uses libtorch-cpu", run.Error);
        Assert.Contains("-p:TorchBackend=cuda", run.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void An_unknown_device_is_a_usage_error_listing_the_choices()
    {
        var run = Regbench.Run(folder.Path, "bench", "--device", "tpu");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'tpu' is not a device; use one of cpu, cuda, auto", run.Error);
    }

    [Fact]
    public void Device_auto_trains_on_the_cpu_in_this_build_and_records_it()
    {
        folder.Write("experiments.json", TinyProfile);

        var run = Regbench.Run(folder.Path, "run", "--profile", "tiny", "--device", "auto", "--epochs", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(ResultsDatabase.Query(folder.File("results/regbench.db"), "SELECT device FROM cells"), c => Assert.Equal("cpu", c["device"]));
    }

    [Fact]
    public void A_run_with_device_cpu_stores_exactly_the_rows_of_a_run_without_device()
    {
        folder.Write("experiments.json", TinyProfile);

        var plain = Regbench.Run(folder.Path, "run", "--profile", "tiny", "--results", "plain");
        var cpu = Regbench.Run(folder.Path, "run", "--profile", "tiny", "--results", "cpu", "--device", "cpu");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(cpu.ExitCode == 0, cpu.ToString());
        // Every column but the clocks (step_ms_*, epoch_seconds) and the process's memory in extra_json.
        const string epochs = "SELECT cell_id, epoch, train_loss, train_acc, test_loss, test_acc, lr, sensitivity, " +
                              "json_extract(extra_json, '$.sigma_max_mean') AS sigma_mean, json_extract(extra_json, '$.sigma_max_std') AS sigma_std " +
                              "FROM epochs ORDER BY cell_id, epoch";
        const string layers = "SELECT cell_id, epoch, layer, sigma_max, frobenius, nuclear, stable_rank, effective_rank, numerical_rank, spectrum_json " +
                              "FROM layers ORDER BY cell_id, epoch, layer";
        var plainEpochs = ResultsDatabase.Query(folder.File("plain/regbench.db"), epochs);
        Assert.Equal(4, plainEpochs.Count);
        Assert.Equal(plainEpochs, ResultsDatabase.Query(folder.File("cpu/regbench.db"), epochs));
        Assert.Equal(ResultsDatabase.Query(folder.File("plain/regbench.db"), layers), ResultsDatabase.Query(folder.File("cpu/regbench.db"), layers));
    }

    public void Dispose() => folder.Dispose();
}
