namespace RegBench.NativeCompat.Tests;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the directory.</summary>
    public TempDirectory() => Directory.CreateDirectory(Path);

    /// <summary>Full path of the directory.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"regbench-nativecompat-{Guid.NewGuid():N}");

    /// <summary>Copies <paramref name="source"/> into the directory (optionally renamed) and returns the copy's path.</summary>
    public string CopyIn(string source, string? name = null)
    {
        var destination = System.IO.Path.Combine(Path, name ?? System.IO.Path.GetFileName(source));
        File.Copy(source, destination);
        return destination;
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
