using RegBench.Abstractions;

namespace RegBench.Datasets.Images;

/// <summary>
/// Where a binary image dataset lives: --data-dir (and its standard subfolder), then $REGBENCH_DATA (and the subfolder).
/// A folder counts when it holds <paramref name="MarkerFile"/>. Shared by the CIFAR and STL-10 plugins.
/// </summary>
/// <param name="Name">Dataset name for messages, e.g. "cifar10".</param>
/// <param name="Subfolder">The folder the official archive unpacks to, e.g. "cifar-10-batches-bin".</param>
/// <param name="MarkerFile">A file every copy has, e.g. "data_batch_1.bin".</param>
/// <param name="Files">Every file the loader reads, for the install hint.</param>
public sealed record DatasetFolder(string Name, string Subfolder, string MarkerFile, IReadOnlyList<string> Files)
{
    /// <summary>The folder to read; <see cref="DatasetException"/> (unavailable unless a --data-dir was given) otherwise.</summary>
    public string Find(string? explicitDirectory)
    {
        if (explicitDirectory is not null)
        {
            var found = Candidates(explicitDirectory).FirstOrDefault(Holds);
            if (found is not null) return found;
            var missing = Path.Combine(explicitDirectory, Subfolder, MarkerFile);
            throw new DatasetException(
                $"{Name}: {missing} not found (nor {Path.Combine(explicitDirectory, MarkerFile)}). {Hint(explicitDirectory)}", missing, unavailable: false);
        }
        var environment = Environment.GetEnvironmentVariable("REGBENCH_DATA");
        var searched = string.IsNullOrEmpty(environment) ? [] : Candidates(environment);
        return searched.FirstOrDefault(Holds) ?? throw new DatasetException(
            $"{Name} not found (searched {(searched.Length == 0 ? "nothing: $REGBENCH_DATA is unset" : string.Join(", ", searched))}). " +
            Hint(string.IsNullOrEmpty(environment) ? "$REGBENCH_DATA" : environment),
            searched.LastOrDefault(), unavailable: true);
    }

    /// <summary>The path of <paramref name="file"/> in <paramref name="folder"/>; a malformed-data error when it is missing.</summary>
    public string Require(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        return File.Exists(path) ? path : throw new DatasetException(
            $"{Name}: {path} not found; the folder has {MarkerFile} but lacks this file. Restore all of {string.Join(", ", Files)} together.",
            path, unavailable: false);
    }

    private string[] Candidates(string root) => [Path.Combine(root, Subfolder), root];

    private bool Holds(string folder) => File.Exists(Path.Combine(folder, MarkerFile));

    private string Hint(string root) =>
        $"Unpack the official binary archive so that {Path.Combine(root, Subfolder)}/ holds {string.Join(", ", Files)}, " +
        "then pass --data-dir DIR or set REGBENCH_DATA.";
}
