namespace RegBench.Spectral;

/// <summary>Stride, padding, dilation, groups and (transposed layers only) output padding of a 2-D convolution.</summary>
public sealed record ConvOperatorGeometry
{
    /// <summary>Stride (height, width).</summary>
    public (long H, long W) Stride { get; init; } = (1, 1);

    /// <summary>Zero padding on each side (height, width).</summary>
    public (long H, long W) Padding { get; init; } = (0, 0);

    /// <summary>Dilation (height, width).</summary>
    public (long H, long W) Dilation { get; init; } = (1, 1);

    /// <summary>Number of channel groups.</summary>
    public long Groups { get; init; } = 1;

    /// <summary>Extra size added to one side of a ConvTranspose2d output (height, width); must be below the stride.</summary>
    public (long H, long W) OutputPadding { get; init; } = (0, 0);

    /// <summary>Stride 1, no padding, no dilation, one group.</summary>
    public static ConvOperatorGeometry Default { get; } = new();

    /// <summary>The same value for height and width.</summary>
    public static ConvOperatorGeometry Square(long stride = 1, long padding = 0, long dilation = 1, long groups = 1, long outputPadding = 0) =>
        new()
        {
            Stride = (stride, stride),
            Padding = (padding, padding),
            Dilation = (dilation, dilation),
            Groups = groups,
            OutputPadding = (outputPadding, outputPadding),
        };

    /// <summary>Output length of a Conv2d along one axis (PyTorch's formula); 0 when the dilated kernel exceeds the padded input.</summary>
    public static long ConvOutputLength(long input, long kernel, long stride, long padding, long dilation)
    {
        long span = input + 2 * padding - dilation * (kernel - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }

    /// <summary>Output length of a ConvTranspose2d along one axis (PyTorch's formula).</summary>
    public static long TransposedOutputLength(long input, long kernel, long stride, long padding, long dilation, long outputPadding) =>
        (input - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;

    /// <inheritdoc />
    public override string ToString() =>
        $"stride={Stride}, padding={Padding}, dilation={Dilation}, groups={Groups}, outputPadding={OutputPadding}";
}
