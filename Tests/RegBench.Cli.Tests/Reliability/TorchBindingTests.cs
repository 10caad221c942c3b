namespace RegBench.Cli.Tests.Reliability;

/// <summary>regbench runs only on the libtorch it was built with: a libtorch.so that LD_LIBRARY_PATH puts first is refused, naming it.</summary>
public sealed class TorchBindingTests : IDisposable
{
    private readonly TempDirectory folder = new();

    [Fact]
    public void A_libtorch_from_LD_LIBRARY_PATH_is_refused_with_exit_3_naming_the_foreign_file()
    {
        // A copy of the app's own libtorch.so in another folder: it loads, so only the binding check can catch it.
        var foreign = Directory.CreateDirectory(folder.File("system-lib")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libtorch.so"), Path.Combine(foreign, "libtorch.so"));

        var result = Regbench.Run(folder.Path, new Dictionary<string, string?> { ["LD_LIBRARY_PATH"] = foreign }, "describe", "mlp");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"torch is bound to a library outside this app's native folder", result.Error);
        Assert.Contains(Path.Combine(foreign, "libtorch.so"), result.Error);
        Assert.Contains("LD_LIBRARY_PATH", result.Error);
    }

    [Fact]
    public void Without_LD_LIBRARY_PATH_the_same_command_runs_on_the_app_libtorch()
    {
        var result = Regbench.Run(folder.Path, new Dictionary<string, string?> { ["LD_LIBRARY_PATH"] = null }, "describe", "mlp");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();
}
