namespace RegBench.NativeCompat.Tests;

/// <summary>Where the unpatched TorchSharp native library lives in the NuGet package cache.</summary>
public static class TorchSharpNative
{
    /// <summary>The TorchSharp version the repository pins (Directory.Packages.props).</summary>
    public const string Version = "0.107.0";

    /// <summary>The version the GCC 13 marker symbol needs and Debian 12's libstdc++ lacks.</summary>
    public const string MarkerVersion = "GLIBCXX_3.4.32";

    /// <summary>The GCC 13 marker symbol that needs <see cref="MarkerVersion"/>.</summary>
    public const string MarkerSymbol = "_ZSt21ios_base_library_initv";

    /// <summary>libLibTorchSharp.so in the package cache (<c>NUGET_PACKAGES</c>, else ~/.nuget/packages); fails the test if absent.</summary>
    public static string CachedLibraryPath
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var path = Path.Combine(cache, "torchsharp", Version, "runtimes", "linux-x64", "native", TorchNativeProbe.LibraryFileName);
            Assert.True(File.Exists(path), $"{path} is missing; restore the test project ('dotnet restore') so NuGet puts TorchSharp {Version} in the cache.");
            return path;
        }
    }

    /// <summary>The host's libstdc++ as the compat step sees it; fails the test if there is none.</summary>
    public static VersionProvider HostLibStdCxx()
    {
        var path = HostLibraryLocator.Find(HostLibraryLocator.LibStdCxx);
        Assert.True(path is not null, "no libstdc++.so.6 found on this host (/proc/self/maps, ldconfig -p, standard directories).");
        return VersionProvider.Load(path!);
    }
}
