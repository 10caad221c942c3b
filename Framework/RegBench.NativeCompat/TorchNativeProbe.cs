using System.Runtime.InteropServices;

namespace RegBench.NativeCompat;

/// <summary>Checks that TorchSharp's native library can load on this host, without letting TorchSharp try (its failed load copies ~0.5 GB of natives into cpu/).</summary>
public static class TorchNativeProbe
{
    /// <summary>The file name of TorchSharp's native library on Linux.</summary>
    public const string LibraryFileName = "libLibTorchSharp.so";

    /// <summary>Returns null when libLibTorchSharp.so in <paramref name="nativeDirectory"/> loads; otherwise a message naming the library, the unmet symbol versions, and how to fix it (rebuild so the compat step runs; or install a newer libstdc++).</summary>
    public static string? Diagnose(string nativeDirectory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var library = Path.GetFullPath(Path.Combine(nativeDirectory, LibraryFileName));
        if (!File.Exists(library))
        {
            return $"TorchSharp's native library {library} does not exist. Build or publish the app for linux-x64 with " +
                   "'dotnet build' so the TorchSharp and libtorch packages copy their natives into runtimes/linux-x64/native/.";
        }

        try
        {
            if (DescribeUnmetNeeds(library) is { } unmet)
            {
                return unmet;
            }
        }
        catch (Exception e) when (e is ElfFormatException or IOException or UnauthorizedAccessException)
        {
            return $"TorchSharp's native library {library} could not be inspected: {e.Message}. " +
                   "Delete the build output and rebuild with 'dotnet build' to restore a clean copy from the NuGet package.";
        }

        if (NativeLibrary.TryLoad(library, out _))
        {
            return null;
        }

        var loaderError = DynamicLoader.TryLoad(library);
        return loaderError is null
            ? null
            : $"TorchSharp's native library {library} does not load: {loaderError}. Check that the libtorch natives " +
              "(libtorch.so, libc10.so, libtorch_cpu.so) sit next to it; rebuild with 'dotnet build' to copy them and rerun the compat step.";
    }

    private static string? DescribeUnmetNeeds(string library)
    {
        if (HostLibraryLocator.Find(HostLibraryLocator.LibStdCxx) is not { } hostPath)
        {
            return null; // the loader will say what is missing
        }

        var host = VersionProvider.Load(hostPath);
        var unmet = new VersionNeedWeakener(HostLibraryLocator.LibStdCxx, host).FindUnmet(library);
        if (unmet.Count == 0)
        {
            return null;
        }

        var needs = string.Join(", ", unmet.Select(u => u.Describe()));
        return $"TorchSharp's native library {library} needs {needs} but the host libstdc++ {hostPath} " +
               $"{host.DescribeFamilyOf(unmet[0].Need.VersionName).Replace("defines up to", "defines only up to", StringComparison.Ordinal)}. " +
               "The build's compat step marks that need weak; rebuild with 'dotnet build' (it runs after every build/publish), " +
               "or install libstdc++ from GCC 13+.";
    }
}
