namespace RegBench.Cli.Tests;

/// <summary>What this build does with a GPU request: the msbuild switch that picks the libtorch package, and --device.</summary>
public sealed class DeviceSelectionTests : IDisposable
{
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

    [Fact]
    public void Run_with_device_cuda_in_the_cpu_build_exits_3_saying_why_and_writes_nothing()
    {
        var run = Regbench.Run(folder.Path, "run", "--profile", "quick", "--device", "cuda", "--epochs", "1");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--device cuda: torch.cuda.is_available() is false", run.Error);
        Assert.False(Directory.Exists(folder.File("results")));
    }

    [Fact]
    public void An_unknown_device_is_a_usage_error_listing_the_choices()
    {
        var run = Regbench.Run(folder.Path, "bench", "--device", "tpu");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'tpu' is not a device; use one of cpu, cuda, auto", run.Error);
    }

    public void Dispose() => folder.Dispose();
}
