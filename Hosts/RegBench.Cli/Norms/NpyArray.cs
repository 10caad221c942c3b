namespace RegBench.Cli.Norms;

/// <summary>
/// A float array read from a NumPy .npy file, in C (row-major) order, widened to double (exact for float32).
/// <see cref="DType"/> is the file's descr ("&lt;f4" or "&lt;f8").
/// </summary>
public sealed record NpyArray(string Path, string DType, long[] Shape, double[] Values)
{
    /// <summary>"(64, 3, 3, 3)", as NumPy prints a shape.</summary>
    public string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";

    /// <summary>"float32" or "float64".</summary>
    public string DTypeName => DType == "<f4" ? "float32" : "float64";
}
