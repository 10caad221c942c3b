using FsCheck;
using FsCheck.Fluent;
using RegBench.Abstractions;

namespace RegBench.Testing;

/// <summary>
/// A small random classifier for regularizer contracts: an MLP (Linear layers "in", "hidden0", …, "out") or a conv net
/// (Conv2d layers "conv0", "conv1" with padding kernel/2, the first with <paramref name="Stride"/>, then Linear "out").
/// </summary>
/// <param name="Conv">A conv net (else an MLP on flattened images).</param>
/// <param name="Channels">Image channels.</param>
/// <param name="Side">Image height and width.</param>
/// <param name="Classes">Classes (the "out" layer's width).</param>
/// <param name="Widths">Hidden widths (MLP) or channels of each conv layer.</param>
/// <param name="Kernel">Conv kernel size (1 or 3).</param>
/// <param name="Stride">Stride of the first conv layer.</param>
/// <param name="Seed">Seed of weights, data and the regularizer's context.</param>
public sealed record NetCase(bool Conv, int Channels, int Side, int Classes, IReadOnlyList<int> Widths, int Kernel, int Stride, int Seed)
{
    /// <summary>MLPs of 0–2 hidden layers of width 1–8 on 1×(2–4)² images, and conv nets of 1–2 layers of 1–4 channels on (1–3)×(3–6)² images.</summary>
    public static Arbitrary<NetCase> Arbitrary { get; } = Arb.From(Gen.OneOf(Mlps(), ConvNets()));

    /// <summary>The images this net classifies.</summary>
    public DataShape Shape => new(Channels, Side, Side, Classes);

    /// <summary>Training examples per case: three steps of <see cref="BatchSize"/>.</summary>
    public const int TrainExamples = 24;

    /// <summary>Batch size of the contract runs.</summary>
    public const int BatchSize = 8;

    /// <inheritdoc />
    public override string ToString() =>
        (Conv ? $"conv net {Channels}x{Side}x{Side}, channels [{string.Join(", ", Widths)}], kernel {Kernel}, stride {Stride}"
              : $"mlp {Channels * Side * Side} -> [{string.Join(", ", Widths)}]") + $" -> {Classes} classes, seed {Seed}";

    private static Gen<NetCase> Mlps() =>
        from side in Gen.Choose(2, 4)
        from classes in Gen.Choose(2, 5)
        from depth in Gen.Choose(0, 2)
        from widths in Gen.ArrayOf(Gen.Choose(1, 8), depth)
        from seed in Gen.Choose(0, int.MaxValue)
        select new NetCase(false, 1, side, classes, widths, 1, 1, seed);

    private static Gen<NetCase> ConvNets() =>
        from channels in Gen.Choose(1, 3)
        from side in Gen.Choose(3, 6)
        from classes in Gen.Choose(2, 5)
        from depth in Gen.Choose(1, 2)
        from widths in Gen.ArrayOf(Gen.Choose(1, 4), depth)
        from kernel in Gen.Elements(1, 3)
        from stride in Gen.Elements(1, 2)
        from seed in Gen.Choose(0, int.MaxValue)
        select new NetCase(true, channels, side, classes, widths, kernel, stride, seed);
}
