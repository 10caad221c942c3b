using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace RegBench.Spectral;

/// <summary>
/// The exact linear map of a Conv2d (or ConvTranspose2d) layer on one input size (C, H, W), bias excluded:
/// A = conv2d and Aᵀ = conv_transpose2d with the output padding that restores the input shape exactly
/// (for a transposed layer the roles swap).
/// </summary>
public sealed class ConvOperator : ILinearOperator
{
    private readonly long[] _stride;
    private readonly long[] _padding;
    private readonly long[] _dilation;
    private readonly long[] _adjointOutputPadding;
    private readonly long[] _forwardOutputPadding;

    /// <summary>
    /// Wraps <paramref name="kernel"/> (kept by reference) for inputs of shape <paramref name="inputShape"/>;
    /// Conv2d kernels are (out, in/groups, kh, kw), ConvTranspose2d kernels (in, out/groups, kh, kw).
    /// </summary>
    public ConvOperator(Tensor kernel, (long C, long H, long W) inputShape, ConvOperatorGeometry? geometry = null, bool transposedConv = false)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Geometry = geometry ?? ConvOperatorGeometry.Default;
        var g = Geometry;
        if (kernel.dim() != 4)
        {
            throw new ArgumentException($"ConvOperator needs a 4-D kernel; got shape [{string.Join(", ", kernel.shape)}].", nameof(kernel));
        }
        if (g.Stride.H < 1 || g.Stride.W < 1 || g.Dilation.H < 1 || g.Dilation.W < 1 || g.Groups < 1 || g.Padding.H < 0 || g.Padding.W < 0)
        {
            throw new ArgumentException($"Invalid conv geometry ({g}): stride, dilation and groups must be ≥ 1 and padding ≥ 0.", nameof(geometry));
        }
        Kernel = kernel;
        TransposedConv = transposedConv;
        long kh = kernel.shape[2], kw = kernel.shape[3];
        long expectedInChannels = transposedConv ? kernel.shape[0] : kernel.shape[1] * g.Groups;
        if (inputShape.C != expectedInChannels)
        {
            throw new ArgumentException(
                $"Input has {inputShape.C} channels but the kernel [{string.Join(", ", kernel.shape)}] with groups={g.Groups} " +
                $"expects {expectedInChannels}{(transposedConv ? " (ConvTranspose2d layout: dim 0 = in)" : "")}.", nameof(inputShape));
        }
        _stride = [g.Stride.H, g.Stride.W];
        _padding = [g.Padding.H, g.Padding.W];
        _dilation = [g.Dilation.H, g.Dilation.W];
        InputShape = [inputShape.C, inputShape.H, inputShape.W];
        if (!transposedConv)
        {
            long oh = ConvOperatorGeometry.ConvOutputLength(inputShape.H, kh, g.Stride.H, g.Padding.H, g.Dilation.H);
            long ow = ConvOperatorGeometry.ConvOutputLength(inputShape.W, kw, g.Stride.W, g.Padding.W, g.Dilation.W);
            if (oh < 1 || ow < 1)
            {
                throw new ArgumentException($"Input {inputShape} is too small for kernel {kh}×{kw} with {g}.", nameof(inputShape));
            }
            OutputShape = [kernel.shape[0], oh, ow];
            // conv_transpose2d(u) has (o-1)s - 2p + d(k-1) + 1 rows; the remainder of the floor division is the missing output padding.
            _adjointOutputPadding =
            [
                inputShape.H - ConvOperatorGeometry.TransposedOutputLength(oh, kh, g.Stride.H, g.Padding.H, g.Dilation.H, 0),
                inputShape.W - ConvOperatorGeometry.TransposedOutputLength(ow, kw, g.Stride.W, g.Padding.W, g.Dilation.W, 0),
            ];
            _forwardOutputPadding = [0, 0];
        }
        else
        {
            if (g.OutputPadding.H >= g.Stride.H || g.OutputPadding.W >= g.Stride.W || g.OutputPadding.H < 0 || g.OutputPadding.W < 0)
            {
                throw new ArgumentException($"Output padding {g.OutputPadding} must be in [0, stride {g.Stride}).", nameof(geometry));
            }
            long oh = ConvOperatorGeometry.TransposedOutputLength(inputShape.H, kh, g.Stride.H, g.Padding.H, g.Dilation.H, g.OutputPadding.H);
            long ow = ConvOperatorGeometry.TransposedOutputLength(inputShape.W, kw, g.Stride.W, g.Padding.W, g.Dilation.W, g.OutputPadding.W);
            if (oh < 1 || ow < 1)
            {
                throw new ArgumentException($"Input {inputShape} gives an empty ConvTranspose2d output with {g}.", nameof(inputShape));
            }
            OutputShape = [kernel.shape[1] * g.Groups, oh, ow];
            _forwardOutputPadding = [g.OutputPadding.H, g.OutputPadding.W];
            _adjointOutputPadding = [0, 0];
        }
    }

    /// <summary>The wrapped kernel.</summary>
    public Tensor Kernel { get; }

    /// <summary>Stride, padding, dilation, groups (and output padding for a transposed layer).</summary>
    public ConvOperatorGeometry Geometry { get; }

    /// <summary>True for a ConvTranspose2d layer: A = conv_transpose2d, Aᵀ = conv2d.</summary>
    public bool TransposedConv { get; }

    /// <inheritdoc />
    public long[] InputShape { get; }

    /// <inheritdoc />
    public long[] OutputShape { get; }

    /// <inheritdoc />
    public ScalarType DType => Kernel.dtype;

    /// <inheritdoc />
    public Device Device => Kernel.device;

    /// <inheritdoc />
    public Tensor Apply(Tensor v) => TransposedConv ? Transposed(v, _forwardOutputPadding) : Direct(v);

    /// <inheritdoc />
    public Tensor ApplyTranspose(Tensor u) => TransposedConv ? Direct(u) : Transposed(u, _adjointOutputPadding);

    private Tensor Direct(Tensor x)
    {
        using var batch = x.unsqueeze(0);
        using var y = F.conv2d(batch, Kernel, null, _stride, _padding, _dilation, Geometry.Groups);
        return y.squeeze(0);
    }

    private Tensor Transposed(Tensor x, long[] outputPadding)
    {
        using var batch = x.unsqueeze(0);
        using var y = F.conv_transpose2d(batch, Kernel, null, _stride, _padding, outputPadding, _dilation, Geometry.Groups);
        return y.squeeze(0);
    }
}
