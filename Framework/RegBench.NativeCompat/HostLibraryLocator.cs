using System.Diagnostics;

namespace RegBench.NativeCompat;

/// <summary>Finds the copy of a shared library the dynamic loader would give this process (e.g. <c>libstdc++.so.6</c>).</summary>
public static class HostLibraryLocator
{
    /// <summary>The soname of the GNU C++ runtime.</summary>
    public const string LibStdCxx = "libstdc++.so.6";

    private static readonly string[] StandardDirectories =
        ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib"];

    /// <summary>
    /// The path of <paramref name="soname"/> as this process has it mapped (<c>/proc/self/maps</c>; the .NET host
    /// already loads libstdc++), else as <c>ldconfig -p</c> lists it, else from the standard library directories;
    /// null when none has it.
    /// </summary>
    public static string? Find(string soname) =>
        FromProcessMaps(soname) ?? FromLdconfig(soname) ?? FromStandardDirectories(soname);

    private static string? FromProcessMaps(string soname)
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }

        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/');
            if (slash < 0)
            {
                continue;
            }

            var path = line[slash..].Trim();
            var name = Path.GetFileName(path);
            if ((name == soname || name.StartsWith(soname + ".", StringComparison.Ordinal)) && File.Exists(path))
            {
                return SonameLinkTo(path, soname) ?? path;
            }
        }

        return null;
    }

    /// <summary>The maps name the real file (libstdc++.so.6.0.30); prefer the soname link beside it when it points there.</summary>
    private static string? SonameLinkTo(string mappedPath, string soname)
    {
        var link = Path.Combine(Path.GetDirectoryName(mappedPath)!, soname);
        return link != mappedPath && File.Exists(link) && File.ResolveLinkTarget(link, returnFinalTarget: true)?.FullName == mappedPath
            ? link
            : null;
    }

    private static string? FromLdconfig(string soname)
    {
        try
        {
            var start = new ProcessStartInfo("ldconfig", "-p") { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();

            // Lines look like: "\tlibstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6"
            return output.Split('\n')
                .Select(line => line.Trim())
                .Where(line => line.StartsWith(soname + " ", StringComparison.Ordinal) && line.Contains("x86-64", StringComparison.Ordinal))
                .Select(line => line[(line.IndexOf("=> ", StringComparison.Ordinal) + 3)..].Trim())
                .FirstOrDefault(File.Exists);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null; // no ldconfig on PATH
        }
    }

    private static string? FromStandardDirectories(string soname) =>
        StandardDirectories.Select(directory => Path.Combine(directory, soname)).FirstOrDefault(File.Exists);
}
