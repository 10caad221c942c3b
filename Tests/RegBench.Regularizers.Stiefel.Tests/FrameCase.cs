using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Stiefel.Tests;

/// <summary>A point of St(n, p) (float64, from a seed) and a step size for tangent vectors drawn at it.</summary>
public sealed record FrameCase(int N, int P, double StepNorm, int Seed)
{
    /// <summary>Frames from 1×1 to 24×12, steps from 1e-6 to 100 (‖ξ‖F), any seed.</summary>
    public static Arbitrary<FrameCase> Arbitrary { get; } = Arb.From(
        from p in Gen.Choose(1, 12)
        from extra in Gen.Choose(0, 12)
        from stepNorm in Gen.Elements(1e-6, 1e-3, 0.1, 1.0, 10.0, 100.0)
        from seed in Gen.Choose(0, int.MaxValue)
        select new FrameCase(p + extra, p, stepNorm, seed));

    /// <summary>A generator seeded by the case (caller disposes).</summary>
    public Generator Generator(int stream = 0) => new((ulong)Seed * 7919 + (ulong)stream, CPU);

    /// <summary>A frame with orthonormal columns: the Q factor of a Gaussian matrix.</summary>
    public Tensor Frame()
    {
        using var generator = Generator();
        return linalg.qr(randn([N, P], ScalarType.Float64, generator: generator)).Q;
    }

    /// <summary>A Gaussian ambient matrix n×p from stream <paramref name="stream"/>.</summary>
    public Tensor Ambient(int stream = 1)
    {
        using var generator = Generator(stream);
        return randn([N, P], ScalarType.Float64, generator: generator);
    }

    /// <inheritdoc />
    public override string ToString() => $"St({N}, {P}), ‖ξ‖F = {StepNorm}, seed {Seed}";
}
