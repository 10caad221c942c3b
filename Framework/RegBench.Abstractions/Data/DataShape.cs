namespace RegBench.Abstractions;

/// <summary>The shape of a dataset's examples and labels, known without reading its files.</summary>
/// <param name="Channels">Image channels (1 for grayscale).</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Classes">Number of label classes.</param>
public sealed record DataShape(int Channels, int Height, int Width, int Classes)
{
    /// <summary>Number of input features when an example is flattened.</summary>
    public int Features => Channels * Height * Width;

    /// <inheritdoc />
    public override string ToString() => $"{Channels}x{Height}x{Width}, {Classes} classes";
}
