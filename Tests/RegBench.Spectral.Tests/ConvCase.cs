using FsCheck;
using FsCheck.Fluent;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>A small random conv layer (float64 kernel) with geometry and input size.</summary>
public sealed record ConvCase(int OutChannels, int InChannels, int KernelH, int KernelW, int Height, int Width, ConvOperatorGeometry Geometry, bool Transposed, int Seed)
{
    /// <summary>The kernel: (out, in/groups, kh, kw), or (in, out/groups, kh, kw) for a transposed layer.</summary>
    public Tensor Kernel()
    {
        using var generator = new Generator((ulong)Seed, CPU);
        long groups = Geometry.Groups;
        long[] shape = Transposed
            ? [InChannels, OutChannels / groups, KernelH, KernelW]
            : [OutChannels, InChannels / groups, KernelH, KernelW];
        return randn(shape, ScalarType.Float64, CPU, generator: generator);
    }

    /// <summary>The operator of this layer on a (in, H, W) input.</summary>
    public ConvOperator Operator(Tensor kernel) => new(kernel, (InChannels, Height, Width), Geometry, Transposed);

    /// <summary>For failure messages.</summary>
    public override string ToString() =>
        $"{(Transposed ? "ConvTranspose2d" : "Conv2d")} out={OutChannels} in={InChannels} k={KernelH}×{KernelW} input={Height}×{Width} {Geometry} seed={Seed}";
}

/// <summary>Generators of small conv layers: strides 1–2, paddings 0–2, dilations 1–2, groups 1–2.</summary>
public static class ConvGenerators
{
    /// <summary>Conv2d and ConvTranspose2d layers whose output is non-empty.</summary>
    public static Arbitrary<ConvCase> Layers(bool allowTransposed = true, int maxStride = 2, int maxDilation = 2, int maxGroups = 2) =>
        Arb.From(
            from groups in Gen.Choose(1, maxGroups)
            from outPerGroup in Gen.Choose(1, 3)
            from inPerGroup in Gen.Choose(1, 3)
            from kh in Gen.Choose(1, 3)
            from kw in Gen.Choose(1, 3)
            from h in Gen.Choose(3, 7)
            from w in Gen.Choose(3, 7)
            from stride in Gen.Choose(1, maxStride)
            from padding in Gen.Choose(0, 2)
            from dilation in Gen.Choose(1, maxDilation)
            from transposed in allowTransposed ? Gen.Elements(false, true) : Gen.Constant(false)
            from outputPadding in Gen.Choose(0, stride - 1)
            from seed in Gen.Choose(0, int.MaxValue)
            select new ConvCase(outPerGroup * groups, inPerGroup * groups, kh, kw, h, w,
                new ConvOperatorGeometry
                {
                    Stride = (stride, stride),
                    Padding = (padding, padding),
                    Dilation = (dilation, dilation),
                    Groups = groups,
                    OutputPadding = transposed ? (outputPadding, 0) : (0, 0),
                },
                transposed, seed))
        .Filter(IsValid);

    private static bool IsValid(ConvCase c)
    {
        var g = c.Geometry;
        long oh = c.Transposed
            ? ConvOperatorGeometry.TransposedOutputLength(c.Height, c.KernelH, g.Stride.H, g.Padding.H, g.Dilation.H, g.OutputPadding.H)
            : ConvOperatorGeometry.ConvOutputLength(c.Height, c.KernelH, g.Stride.H, g.Padding.H, g.Dilation.H);
        long ow = c.Transposed
            ? ConvOperatorGeometry.TransposedOutputLength(c.Width, c.KernelW, g.Stride.W, g.Padding.W, g.Dilation.W, g.OutputPadding.W)
            : ConvOperatorGeometry.ConvOutputLength(c.Width, c.KernelW, g.Stride.W, g.Padding.W, g.Dilation.W);
        return oh >= 1 && ow >= 1;
    }
}
