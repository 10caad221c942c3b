using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>The FFT singular values equal those of the dense circular-convolution matrix, built here without conv2d.</summary>
public sealed class ConvSingularValuesProperties
{
    [Property(Replay = "(20250421,1)", MaxTest = 40)]
    public Property Fft_singular_values_equal_the_dense_circular_convolution_spectrum() =>
        Prop.ForAll(Arb.From(
            from outChannels in Gen.Choose(1, 3)
            from inChannels in Gen.Choose(1, 3)
            from kh in Gen.Choose(1, 3)
            from kw in Gen.Choose(1, 3)
            from extra in Gen.Choose(0, 3)
            from seed in Gen.Choose(0, int.MaxValue)
            select (outChannels, inChannels, kh, kw, n: Math.Max(kh, kw) + extra, seed)), c =>
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)c.seed, CPU);
            var kernel = randn([c.outChannels, c.inChannels, c.kh, c.kw], ScalarType.Float64, CPU, generator: generator);
            var fft = TensorAssert.Values(ConvSingularValues.Fft(kernel, c.n));
            var dense = TensorAssert.Values(ExactSpectrum.SingularValues(DenseCircularConv(kernel, c.n)));
            Assert.True(fft.Length == dense.Length, $"{c}: FFT gave {fft.Length} singular values, dense {dense.Length}");
            double worst = fft.Zip(dense, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst <= 1e-4 * dense[0], $"{c}: largest difference {worst:E3} (σ₁ = {dense[0]:R}, FFT σ₁ = {fft[0]:R})");
        });

    /// <summary>
    /// Dense matrix of y[o, i, j] = Σ_{c,a,b} K[o, c, a, b]·x[c, (i+a) mod n, (j+b) mod n] (cross-correlation, like conv2d):
    /// Σ_{a,b} K[:, :, a, b] ⊗ S_a ⊗ S_b with S_a the cyclic shift (S_a x)[i] = x[(i+a) mod n].
    /// </summary>
    private static Tensor DenseCircularConv(Tensor kernel, int n)
    {
        long outChannels = kernel.shape[0], inChannels = kernel.shape[1];
        var dense = zeros([outChannels * n * n, inChannels * n * n], ScalarType.Float64);
        var identity = eye(n, dtype: ScalarType.Float64);
        for (int a = 0; a < kernel.shape[2]; a++)
        {
            for (int b = 0; b < kernel.shape[3]; b++)
            {
                // Row i of S_a is e_{(i+a) mod n}: the identity with its columns rolled right by a.
                var shiftA = identity.roll(a, 1);
                var shiftB = identity.roll(b, 1);
                dense += kernel[.., .., a, b].kron(shiftA.kron(shiftB));
            }
        }
        return dense;
    }
}
