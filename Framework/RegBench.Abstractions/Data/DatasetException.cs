namespace RegBench.Abstractions;

/// <summary>
/// A dataset could not be loaded. <see cref="Unavailable"/> means no files were found where the plugin searched
/// (the engine may fall back to synthetic data); otherwise a file exists but is wrong (truncated, bad header).
/// The message names the file, what was expected and what was found, and how to fix it.
/// </summary>
public sealed class DatasetException(string message, string? path, bool unavailable) : Exception(message)
{
    /// <summary>The file or directory concerned.</summary>
    public string? Path { get; } = path;

    /// <summary>True when the data is simply not installed (no file found), false when a file is malformed.</summary>
    public bool Unavailable { get; } = unavailable;
}
