namespace RegBench.NativeCompat.Tests;

/// <summary>The start-up probe the host runs before touching TorchSharp.</summary>
public sealed class TorchNativeProbeTests : IDisposable
{
    private readonly TempDirectory _work = new();

    [LinuxFact]
    public void Torch_native_library_loads_in_the_test_process_after_the_build_step()
    {
        var problem = TorchNativeProbe.Diagnose(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"));

        Assert.Null(problem);
    }

    [LinuxFact]
    public void Names_the_missing_library_with_its_path()
    {
        var problem = TorchNativeProbe.Diagnose(_work.Path);

        Assert.NotNull(problem);
        Assert.Contains(Path.Combine(_work.Path, TorchNativeProbe.LibraryFileName), problem);
        Assert.Contains("does not exist", problem);
    }

    [LinuxFact]
    public void Reports_the_unmet_version_and_the_fix_for_an_unpatched_library()
    {
        var host = TorchSharpNative.HostLibStdCxx();
        var library = _work.CopyIn(TorchSharpNative.CachedLibraryPath);

        var problem = TorchNativeProbe.Diagnose(_work.Path);

        if (host.Defines(TorchSharpNative.MarkerVersion))
        {
            Assert.DoesNotContain(TorchSharpNative.MarkerVersion, problem ?? string.Empty);
            return;
        }

        Assert.NotNull(problem);
        Assert.Contains(library, problem);
        Assert.Contains($"{TorchSharpNative.MarkerVersion} (for {TorchSharpNative.MarkerSymbol})", problem);
        Assert.Contains($"defines only up to GLIBCXX_", problem);
        Assert.Contains("dotnet build", problem);
        Assert.Contains("GCC 13+", problem);
    }

    [LinuxFact]
    public void Reports_the_loader_error_when_dependencies_are_missing()
    {
        var library = _work.CopyIn(TorchSharpNative.CachedLibraryPath);
        new LibStdCxxCompat(TorchSharpNative.HostLibStdCxx(), TextWriter.Null).Weaken(library);

        var problem = TorchNativeProbe.Diagnose(_work.Path);

        Assert.NotNull(problem);
        Assert.Contains(library, problem);
        Assert.Contains("libtorch.so: cannot open shared object file", problem);
    }

    /// <inheritdoc />
    public void Dispose() => _work.Dispose();
}
