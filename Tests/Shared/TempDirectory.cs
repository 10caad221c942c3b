namespace RegBench.Tests.Shared;

/// <summary>A fresh folder under the system temp folder, deleted (best effort) when disposed; one for every test project.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>The folder's full path.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("regbench-test-").FullName;

    /// <summary>A path inside the folder (parts joined).</summary>
    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        System.IO.File.WriteAllText(File(name), text);
        return File(name);
    }

    /// <summary>Copies <paramref name="source"/> into the folder (optionally renamed) and returns the copy's path.</summary>
    public string CopyIn(string source, string? name = null)
    {
        var destination = File(name ?? System.IO.Path.GetFileName(source));
        System.IO.File.Copy(source, destination);
        return destination;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
