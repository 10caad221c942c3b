using System.Diagnostics;

namespace RegBench.Cli.Tests.Reliability;

/// <summary>
/// A small tmpfs mounted for one test (disk full, read-only results folder). Mounting needs root (CAP_SYS_ADMIN); where it
/// is not allowed, <see cref="TryMount"/> returns null and the test says why it did not run (docs/reliability.md).
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="sizeKiB"/> KiB at a new folder, or returns null (with the reason) when mounting is not possible here.</summary>
    public static TmpfsMount? TryMount(int sizeKiB, out string reason)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"regbench-tmpfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        var (code, error) = Mount("-t", "tmpfs", "-o", $"size={sizeKiB}k", "tmpfs", path);
        if (code == 0)
        {
            reason = "";
            return new TmpfsMount(path);
        }
        Directory.Delete(path);
        reason = $"mount -t tmpfs failed (exit {code}: {error.Trim()}); this test needs root or CAP_SYS_ADMIN";
        return null;
    }

    /// <summary>Remounts the file system read-only (<paramref name="readOnly"/>) or writable.</summary>
    public void Remount(bool readOnly)
    {
        var (code, error) = Mount("-o", readOnly ? "remount,ro" : "remount,rw", Path);
        Assert.True(code == 0, $"remount of {Path} failed: {error}");
    }

    /// <summary>Writes a file until the file system is full; returns its path (delete it to give the space back).</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        using var stream = new FileStream(filler, FileMode.Create);
        var block = new byte[4096];
        try
        {
            while (true) stream.Write(block);
        }
        catch (IOException)
        {
            // full: that is the point
        }
        try
        {
            stream.Flush();
        }
        catch (IOException)
        {
            // the last partial block does not fit either
        }
        return filler;
    }

    /// <summary>Unmounts and removes the folder.</summary>
    public void Dispose()
    {
        Mount("-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // still busy: left for the OS temp cleanup
        }
    }

    private static (int Code, string Error) Mount(params string[] args)
    {
        var unmount = args is ["-l", _];
        var start = new ProcessStartInfo(unmount ? "umount" : "mount") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return (-1, error.Message);
        }
    }
}
