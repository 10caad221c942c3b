using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RegBench.Engine.Benchmarks;
using RegBench.Engine.Torch;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Cli.Tests;

/// <summary>The conv-sigma row's pieces: the circular conv operator is the map the FFT describes, and the row compares both at the stated accuracy.</summary>
public sealed class BenchConvSigmaTests
{
    public BenchConvSigmaTests() => TorchRuntime.EnsureLoaded();

    [Property(Replay = "(20261204,1)", MaxTest = 25)]
    public Property The_circular_conv_transpose_is_its_adjoint() =>
        Prop.ForAll(Arb.From(
            from outChannels in Gen.Choose(1, 4)
            from inChannels in Gen.Choose(1, 4)
            from half in Gen.Choose(0, 2)
            from extra in Gen.Choose(0, 4)
            from seed in Gen.Choose(0, int.MaxValue)
            select (outChannels, inChannels, k: 2 * half + 1, n: 2 * half + 1 + extra, seed)), c =>
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)c.seed);
            var kernel = randn([c.outChannels, c.inChannels, c.k, c.k], ScalarType.Float64, generator: generator);
            var op = new CircularConvOperator(kernel, c.n);
            var v = randn(op.InputShape, ScalarType.Float64, generator: generator);
            var u = randn(op.OutputShape, ScalarType.Float64, generator: generator);
            var left = (op.Apply(v) * u).sum().item<double>();
            var right = (v * op.ApplyTranspose(u)).sum().item<double>();
            Assert.True(Math.Abs(left - right) <= 1e-9 * Math.Max(1, Math.Abs(left)), $"{c}: ⟨Av,u⟩ = {left:R}, ⟨v,Aᵀu⟩ = {right:R}");
        });

    [Fact]
    public void Power_iteration_on_the_circular_operator_reaches_the_FFT_sigma1()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var kernel = randn([3, 2, 3, 3], ScalarType.Float64, generator: generator);
        var exact = ConvSingularValues.Fft(kernel, 6)[0].item<double>();

        var iterations = ConvSigmaBenchmark.PowerIterationsToAccuracy(new CircularConvOperator(kernel, 6), exact, 1e-8, seed: 1, CancellationToken.None);

        Assert.InRange(iterations, 1, ConvSigmaBenchmark.MaxIterations);
    }

    [Fact]
    public void The_conv_sigma_row_states_both_medians_and_their_ratio_as_FFT_speed_up()
    {
        var row = new ConvSigmaBenchmark(_ => { }).Run(CancellationToken.None, channels: 4, inputSize: 8);

        Assert.Null(row.Error);
        Assert.Equal("conv-sigma", row.Row);
        Assert.True(row.SubjectValue > 0 && row.ReferenceValue > 0, $"{row}");
        Assert.Equal(row.ReferenceValue / row.SubjectValue, row.Figure, 12);
        Assert.Equal(row.Figure >= 10, row.GoalMet);
        Assert.Contains("both in float32 (the FFT's σ₁ within ", row.Note);
    }
}
