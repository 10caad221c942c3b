namespace RegBench.Abstractions;

/// <summary>The geometry of a convolution layer: what its weight alone does not say.</summary>
/// <param name="Stride">Stride (height, width).</param>
/// <param name="Padding">Zero padding (height, width).</param>
/// <param name="Dilation">Dilation (height, width).</param>
/// <param name="Groups">Number of channel groups.</param>
/// <param name="InputSize">Spatial input size (height, width) when the architecture knows it, else null.</param>
public sealed record ConvGeometry(
    (int Height, int Width) Stride,
    (int Height, int Width) Padding,
    (int Height, int Width) Dilation,
    int Groups,
    (int Height, int Width)? InputSize)
{
    /// <summary>Stride 1, no padding, no dilation, one group, unknown input size.</summary>
    public static ConvGeometry Default { get; } = new((1, 1), (0, 0), (1, 1), 1, null);

    /// <summary>Human-readable form used in layer tables, e.g. "s1 p1 d1 g1 @32x32".</summary>
    public override string ToString() =>
        $"s{Format(Stride)} p{Format(Padding)} d{Format(Dilation)} g{Groups}" +
        (InputSize is { } size ? $" @{size.Height}x{size.Width}" : "");

    private static string Format((int Height, int Width) pair) =>
        pair.Height == pair.Width ? pair.Height.ToString() : $"{pair.Height},{pair.Width}";
}
