namespace RegBench.NativeCompat;

/// <summary><c>weaken &lt;path&gt;...</c>: the build step that marks libstdc++ version needs the host lacks as weak.</summary>
public sealed class WeakenCommand(TextWriter output, TextWriter error)
{
    /// <summary>Weakens every path (library or directory); errors are printed in MSBuild's canonical error format.</summary>
    public int Run(IReadOnlyList<string> paths)
    {
        if (!OperatingSystem.IsLinux())
        {
            return ExitCodes.Success;
        }

        if (HostLibraryLocator.Find(HostLibraryLocator.LibStdCxx) is not { } hostPath)
        {
            error.WriteLine($"regbench: no host {HostLibraryLocator.LibStdCxx} found (/proc/self/maps, ldconfig -p, standard directories); left TorchSharp's natives unpatched.");
            return ExitCodes.Success;
        }

        try
        {
            var compat = new LibStdCxxCompat(VersionProvider.Load(hostPath), output);
            foreach (var path in paths)
            {
                compat.Weaken(path);
            }

            return ExitCodes.Success;
        }
        catch (Exception e) when (e is ElfFormatException or IOException or UnauthorizedAccessException)
        {
            // "origin : error CODE : text" makes MSBuild's Exec report the text as the build error.
            error.WriteLine($"RegBench.NativeCompat : error RBNC001 : {e.Message.TrimEnd('.')}. " +
                            "Delete the build output and rebuild; if the file is not a native library, move it out of runtimes/linux-x64/native/.");
            return ExitCodes.BadLibrary;
        }
    }
}
