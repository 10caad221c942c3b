using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Scaling.Tests;

/// <summary>Post-conditions of spectral-scaling as FsCheck properties over shapes, spectra, targets and modes.</summary>
public sealed class SpectralScalingProperties
{
    /// <summary>A layer shape and spectrum with σ₂/σ₁ ≤ 0.8, a target, a mode, and a seed.</summary>
    public sealed record Case(int Rows, int Cols, bool Conv, double[] Spectrum, double Target, string Mode, int Seed)
    {
        public double Expected => Math.Max(Target, Spectrum.Length > 1 ? Spectrum[1] : 0);

        public override string ToString() =>
            $"{Rows}×{Cols} {(Conv ? "conv" : "linear")} {Mode} seed={Seed} σ*={Target:G4} σ=[{string.Join(", ", Spectrum.Take(4).Select(s => s.ToString("G4")))}…]";
    }

    private static readonly Arbitrary<Case> Cases = Arb.From(
        from rows in Gen.Choose(2, 16)
        from cols in Gen.Choose(1, 6)
        from conv in Gen.Elements(false, true)
        from ratio in Gen.Elements(0.1, 0.5, 0.8)
        from fractions in Gen.ArrayOf(Gen.Choose(1, 1000), 16)
        from targetFactor in Gen.Elements(0.05, 0.3, 0.7, 1.0, 1.5, 3.0)
        from mode in Gen.Elements("faithful", "adaptive")
        from seed in Gen.Choose(0, 100_000)
        let columns = conv ? cols * 4 : cols
        let rank = Math.Min(rows, columns)
        let spectrum = Enumerable.Range(0, rank).Select(i => i == 0 ? 2.0 : i == 1 ? 2.0 * ratio : 2.0 * ratio * fractions[i] / 1000.0).ToArray()
        select new Case(rows, columns, conv, spectrum, 2.0 * targetFactor, mode, seed));

    [Property(Replay = "(20250512,7)", MaxTest = 40)]
    public Property Spectral_scaling_sets_sigma1_to_the_max_of_target_and_sigma2_on_linear_and_reshaped_conv() =>
        Prop.ForAll(Cases, c =>
        {
            using var scope = NewDisposeScope();
            var matrix = Fixture.KnownSpectrum(c.Rows, c.Cols, c.Spectrum, c.Seed);
            var (_, layer) = c.Conv ? Fixture.Conv(c.Rows, c.Cols / 4, 2, matrix) : Fixture.Linear(c.Rows, c.Cols, matrix);
            var plugin = Fixture.Spectral($$"""{ "target": {{c.Target}}, "mode": "{{c.Mode}}", "tolerance": 1e-5 }""");
            Fixture.Attach(plugin, [layer], seed: c.Seed);
            plugin.AfterStep([layer]);
            var sigma1 = Fixture.Sigmas(layer)[0];
            Assert.True(Math.Abs(sigma1 - c.Expected) <= 1e-3 * c.Expected, $"{c}: σ₁ = {sigma1:R}, expected max(σ*, σ₂) = {c.Expected:R}");
        });

    [Property(Replay = "(20250513,11)", MaxTest = 8)]
    public Property Faithful_and_adaptive_reach_the_same_sigma1_while_adaptive_needs_far_fewer_iterations_when_warm() =>
        Prop.ForAll(Arb.From(from side in Gen.Choose(12, 32) from seed in Gen.Choose(0, 100_000) select (side, seed)), c =>
        {
            using var scope = NewDisposeScope();
            var spectrum = Enumerable.Range(0, c.side).Select(i => i == 0 ? 2.0 : 1.0 / (1 + i)).ToArray();
            var matrix = Fixture.KnownSpectrum(c.side, c.side, spectrum, c.seed);
            var (_, faithfulLayer) = Fixture.Linear(c.side, c.side, matrix);
            var (_, adaptiveLayer) = Fixture.Linear(c.side, c.side, matrix);
            var faithful = Fixture.Spectral("""{ "target": 1.2, "mode": "faithful" }""");
            var adaptive = Fixture.Spectral("""{ "target": 1.2, "mode": "adaptive" }""");
            Fixture.Attach(faithful, [faithfulLayer]);
            Fixture.Attach(adaptive, [adaptiveLayer]);
            using var generator = new Generator((ulong)c.seed, CPU);
            double warmIterations = 0;
            for (var step = 0; step < 6; step++)
            {
                using var stepScope = NewDisposeScope();
                var gradientStep = randn([c.side, c.side], generator: generator) * 1e-3;
                using (no_grad())
                {
                    faithfulLayer.Weight.add_(gradientStep);
                    adaptiveLayer.Weight.add_(gradientStep);
                }
                faithful.AfterStep([faithfulLayer]);
                adaptive.AfterStep([adaptiveLayer]);
                var (sigmaFaithful, sigmaAdaptive) = (Fixture.Sigmas(faithfulLayer)[0], Fixture.Sigmas(adaptiveLayer)[0]);
                Assert.True(Math.Abs(sigmaFaithful - sigmaAdaptive) <= 1e-4 * sigmaFaithful, $"{c}: step {step}: σ₁ {sigmaFaithful:R} vs {sigmaAdaptive:R}");
                Assert.Equal(500, faithful.CollectEpochMetrics()["spectral-scaling.pi_iterations_mean"]);
                var iterations = adaptive.CollectEpochMetrics()["spectral-scaling.pi_iterations_mean"];
                if (step > 0) warmIterations += iterations / 5;
            }
            Assert.True(warmIterations <= 25, $"{c}: warm adaptive runs used {warmIterations:F1} iterations on average (faithful: 500)");
        });
}
