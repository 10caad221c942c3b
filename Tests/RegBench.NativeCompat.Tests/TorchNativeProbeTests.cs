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
        // The copy's libtorch/libc10 needs are renamed to files that exist nowhere, so a system libtorch.so (Debian's
        // python3-torch) or one this test process already loaded cannot satisfy them.
        var library = _work.CopyIn(TorchSharpNative.CachedLibraryPath);
        new LibStdCxxCompat(TorchSharpNative.HostLibStdCxx(), TextWriter.Null).Weaken(library);
        NeededLibraryRenamer.RenameNeeded(library, "libtorch.so", "libc10.so", "libtorch_cpu.so");

        var problem = TorchNativeProbe.Diagnose(_work.Path);

        Assert.NotNull(problem);
        Assert.Contains(library, problem);
        Assert.Contains($"{NeededLibraryRenamer.AbsentName("libtorch.so")}: cannot open shared object file", problem);
    }

    [LinuxFact]
    public void Torch_libraries_mapped_after_loading_all_come_from_the_app_native_folder()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        Assert.Null(TorchNativeProbe.Diagnose(native)); // loads libLibTorchSharp.so and its libtorch dependencies

        var mapped = TorchBinding.MappedTorchLibraries();

        Assert.Contains(mapped, path => Path.GetFileName(path) == "libtorch_cpu.so");
        Assert.Contains(mapped, path => Path.GetFileName(path) == "libc10.so");
        Assert.Null(TorchBinding.Verify(native));
    }

    [LinuxFact]
    public void Binding_check_names_each_torch_library_mapped_from_outside_the_expected_folder()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        Assert.Null(TorchNativeProbe.Diagnose(native));

        var problem = TorchBinding.Verify(_work.Path);

        Assert.NotNull(problem);
        Assert.Contains($"outside this app's native folder {_work.Path}", problem);
        Assert.Contains(Path.Combine(native, "libtorch_cpu.so"), problem);
        Assert.Contains(Path.Combine(native, "libc10.so"), problem);
    }

    /// <inheritdoc />
    public void Dispose() => _work.Dispose();
}
