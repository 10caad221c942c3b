using FsCheck;
using FsCheck.Fluent;
using RegBench.Abstractions;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace RegBench.Layers.Tests;

/// <summary>A random float64 layer: Linear, Conv2d or ConvTranspose2d, with groups, stride and a known input size.</summary>
internal sealed record LayerCase(LayerKind Kind, int Out, int In, int Kernel, int Groups, int Stride, int Size, int Seed)
{
    public static Arbitrary<LayerCase> Any() => Arb.From(
        from kind in Gen.Elements(LayerKind.Linear, LayerKind.Conv2d, LayerKind.ConvTranspose2d)
        from groups in Gen.Elements(1, 2)
        from outPerGroup in Gen.Choose(1, 3)
        from inPerGroup in Gen.Choose(1, 3)
        from kernel in Gen.Elements(1, 2, 3)
        from stride in Gen.Elements(1, 2)
        from size in Gen.Choose(3, 5)
        from seed in Gen.Choose(0, int.MaxValue)
        select kind == LayerKind.Linear
            ? new LayerCase(kind, outPerGroup * 2, inPerGroup * 3, 1, 1, 1, size, seed)
            : new LayerCase(kind, outPerGroup * groups, inPerGroup * groups, kernel, groups, stride, size, seed));

    /// <summary>The layer, its weight drawn from <see cref="Seed"/>.</summary>
    public RegularizedLayer Build()
    {
        using var generator = new Generator((ulong)Seed, CPU);
        long[] shape = Kind switch
        {
            LayerKind.Linear => [Out, In],
            LayerKind.Conv2d => [Out, In / Groups, Kernel, Kernel],
            _ => [In, Out / Groups, Kernel, Kernel],
        };
        var weight = randn(shape, ScalarType.Float64, CPU, generator: generator);
        var geometry = Kind == LayerKind.Linear ? null : new ConvGeometry((Stride, Stride), (Kernel / 2, Kernel / 2), (1, 1), Groups, (Size, Size));
        return new RegularizedLayer("layer", new Parameter(weight, requires_grad: true), Kind, geometry);
    }

    /// <summary>The matrix of the matrix view built element by element from the weight's definition (no reshape).</summary>
    public Tensor ExplicitMatrix(Tensor weight)
    {
        var w = weight.detach();
        if (Kind == LayerKind.Linear) return w.clone();
        bool transposed = Kind == LayerKind.ConvTranspose2d;
        long rows = transposed ? w.shape[1] : w.shape[0];
        long inner = transposed ? w.shape[0] : w.shape[1];
        var m = zeros([rows, inner * Kernel * Kernel], ScalarType.Float64);
        for (long r = 0; r < rows; r++)
            for (long c = 0; c < inner; c++)
                for (long i = 0; i < Kernel; i++)
                    for (long j = 0; j < Kernel; j++)
                        m[r, (c * Kernel + i) * Kernel + j] = transposed ? w[c, r, i, j] : w[r, c, i, j];
        return m;
    }
}
