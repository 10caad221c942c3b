namespace RegBench.Datasets.Tests;

/// <summary>A fresh folder under /tmp, deleted when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>The folder's full path.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("regbench-datasets-").FullName;

    /// <summary>A path inside the folder.</summary>
    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
