namespace RegBench.NativeCompat.Tests;

/// <summary>The compat step on the real libLibTorchSharp.so, copied out of the NuGet cache.</summary>
public sealed class TorchSharpNativeTests : IDisposable
{
    private readonly TempDirectory _work = new();

    [LinuxFact]
    public void Finds_the_libstdcxx_need_of_the_GCC_13_marker_symbol()
    {
        using var image = ElfImage.Open(_work.CopyIn(TorchSharpNative.CachedLibraryPath));

        var need = Assert.Single(VersionNeedReader.Read(image), n => n.VersionName == TorchSharpNative.MarkerVersion);
        var users = SymbolVersionReader.UndefinedSymbolsByVersion(image)[need.VersionIndex];

        Assert.Equal(HostLibraryLocator.LibStdCxx, need.NeededFile);
        Assert.False(need.IsWeak);
        Assert.Equal([TorchSharpNative.MarkerSymbol], users);
    }

    [LinuxFact]
    public void Weakening_for_this_host_changes_one_byte_or_none_when_the_host_has_the_version()
    {
        var library = _work.CopyIn(TorchSharpNative.CachedLibraryPath);
        var host = TorchSharpNative.HostLibStdCxx();
        var before = File.ReadAllBytes(library);

        new LibStdCxxCompat(host, TextWriter.Null).Weaken(_work.Path);

        var changedBytes = before.Zip(File.ReadAllBytes(library)).Count(pair => pair.First != pair.Second);
        Assert.Equal(host.Defines(TorchSharpNative.MarkerVersion) ? 0 : 1, changedBytes);
    }

    [LinuxFact]
    public void Logs_one_line_naming_version_symbol_and_host_library()
    {
        var host = TorchSharpNative.HostLibStdCxx();
        _work.CopyIn(TorchSharpNative.CachedLibraryPath);
        var log = new StringWriter();

        new LibStdCxxCompat(host, log).Weaken(_work.Path);

        var expected = host.Defines(TorchSharpNative.MarkerVersion)
            ? string.Empty
            : $"regbench: marked {TorchSharpNative.MarkerVersion} weak in {TorchNativeProbe.LibraryFileName} (used by {TorchSharpNative.MarkerSymbol}; " +
              $"host libstdc++ {host.LibraryPath} {host.DescribeFamilyOf(TorchSharpNative.MarkerVersion)}){Environment.NewLine}";
        Assert.Equal(expected, log.ToString());
    }

    [LinuxFact]
    public void Never_weakens_glibc_needs_even_when_the_provider_defines_none_of_them()
    {
        var library = _work.CopyIn(TorchSharpNative.CachedLibraryPath);
        var emptyProvider = new VersionProvider("/nonexistent/libstdc++.so.6", new HashSet<string>());

        new LibStdCxxCompat(emptyProvider, TextWriter.Null).Weaken(library);

        using var image = ElfImage.Open(library);
        var needs = VersionNeedReader.Read(image);
        Assert.All(needs.Where(n => n.NeededFile != HostLibraryLocator.LibStdCxx), n => Assert.False(n.IsWeak, $"{n.NeededFile} {n.VersionName}"));
        Assert.All(needs.Where(n => n.NeededFile == HostLibraryLocator.LibStdCxx), n => Assert.True(n.IsWeak, n.VersionName));
    }

    /// <inheritdoc />
    public void Dispose() => _work.Dispose();
}
