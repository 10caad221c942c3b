namespace RegBench.NativeCompat;

/// <summary>Thrown when a file is not an ELF64 little-endian image, or its structures point outside the file.</summary>
public sealed class ElfFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/>; the message names the file and the problem.</summary>
    public ElfFormatException(string filePath, string problem)
        : base($"{filePath}: {problem}")
    {
        FilePath = filePath;
    }

    /// <summary>The file that could not be read as ELF64 little-endian.</summary>
    public string FilePath { get; }
}
