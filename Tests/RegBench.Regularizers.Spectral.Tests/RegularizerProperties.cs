using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Regularizers.MiyatoSpectralNorm;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Adversarial = RegBench.Regularizers.AdversarialTraining.AdversarialTraining;
using Snr = RegBench.Regularizers.SpectralNormRegularization.SpectralNormRegularization;

namespace RegBench.Regularizers.Spectral.Tests;

/// <summary>A matrix shape with a spectral gap σ₁/σ₂ and a seed.</summary>
public sealed record GappedCase(int Rows, int Cols, double Gap, int Seed)
{
    public Tensor Build(double sigma1 = 2.0) => TestLayers.Gapped(Rows, Cols, Gap, Seed, sigma1);

    public override string ToString() => $"{Rows}×{Cols} gap={Gap} seed={Seed}";
}

/// <summary>Post-conditions of the three plugins on generated shapes, each with a fixed replay seed.</summary>
public sealed class RegularizerProperties
{
    private static readonly Arbitrary<GappedCase> Gapped = Arb.From(
        from rows in Gen.Choose(1, 24)
        from cols in Gen.Choose(1, 24)
        from gap in Gen.Elements(1.3, 2.0, 10.0)
        from seed in Gen.Choose(0, int.MaxValue)
        select new GappedCase(rows, cols, gap, seed));

    private static readonly Arbitrary<(int Examples, int Features, double Epsilon, int Seed)> Batches = Arb.From(
        from examples in Gen.Choose(1, 9)
        from features in Gen.Choose(1, 12)
        from epsilon in Gen.Elements(0.01, 0.5, 1.0, 8.0)
        from seed in Gen.Choose(0, int.MaxValue)
        select (examples, features, epsilon, seed));

    [Property(Replay = "(20250501,1)", MaxTest = 40)]
    public Property Snr_adds_exactly_lambda_sigma_u_vT_to_the_gradient() =>
        Prop.ForAll(Gapped, c =>
        {
            using var scope = NewDisposeScope();
            var layer = TestLayers.Layer("fc", c.Build(), LayerKind.Linear);
            var snr = new Snr(new() { Lambda = 0.05 });
            snr.Attach(new RegularizationContext([layer], false, c.Seed));
            var before = randn([c.Rows, c.Cols], ScalarType.Float64);
            layer.Weight.grad = before.clone();
            snr.AfterBackward([layer]);
            var (u, v) = (layer.State.Get(LayerSpectralState.Of(layer).Slot(ConvEstimator.Reshaped).UName)!, layer.State.Get(LayerSpectralState.Of(layer).Slot(ConvEstimator.Reshaped).VName)!);
            var sigma = u.dot(layer.Weight.mv(v));
            var expected = before + 0.05 * sigma * outer(u, v);
            Assert.True(TestLayers.MaxDifference(layer.Weight.grad!, expected) < 1e-12, c.ToString());
        });

    [Property(Replay = "(20250502,1)", MaxTest = 40)]
    public Property Miyato_forward_weight_has_sigma1_at_most_one_after_init() =>
        Prop.ForAll(Gapped, c =>
        {
            using var scope = NewDisposeScope();
            var plugin = new MiyatoSpectralNorm.MiyatoSpectralNorm(new());
            var factory = plugin.Decorate(new RegBench.Engine.Training.LayerFactory());
            var module = factory.Linear("fc", c.Cols, c.Rows, bias: false);
            using (no_grad()) factory.Layers[0].Weight.copy_(c.Build(sigma1: 50));
            plugin.Attach(new RegularizationContext(factory.Layers, false, c.Seed));
            module.eval();
            var forwardWeight = module.forward(eye(c.Cols)).t();
            double sigma1 = TestLayers.Sigma1(forwardWeight);
            Assert.True(sigma1 <= 1 + 1e-3 && TestLayers.AllFinite(forwardWeight), $"{c}: σ₁(W_SN) = {sigma1}");
        });

    [Property(Replay = "(20250503,1)", MaxTest = 40)]
    public Property Adversarial_perturbation_of_every_example_has_norm_epsilon() =>
        Prop.ForAll(Batches, c =>
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)c.Seed, CPU);
            var w = randn([3, c.Features], ScalarType.Float64, generator: generator);
            // Examples whose scales differ by orders of magnitude: a batch-wide norm would give them very different ‖η‖.
            var scales = exp(randn([c.Examples, 1], ScalarType.Float64, generator: generator) * 2);
            var x = randn([c.Examples, c.Features], ScalarType.Float64, generator: generator) * scales;
            var y = randint(3, [c.Examples], generator: generator);
            var seen = new List<Tensor>();
            var model = nn.Sequential(("probe", new Probe(seen)), ("fc", nn.Linear(c.Features, 3, hasBias: false, dtype: ScalarType.Float64)));
            using (no_grad()) model.parameters().Single().copy_(w);
            new Adversarial(new() { Epsilon = c.Epsilon }).Loss(model, x, y, (l, t) => F.cross_entropy(l, t));
            var norms = linalg.vector_norm(seen[1] - seen[0], dims: [1]).data<double>().ToArray();
            var xg = x.requires_grad_(true);
            var gradientNorms = linalg.vector_norm(autograd.grad([F.cross_entropy(model.forward(xg), y)], [xg])[0], dims: [1]).data<double>().ToArray();
            Assert.All(norms.Zip(gradientNorms), p => Assert.Equal(p.Second == 0 ? 0 : c.Epsilon, p.First, c.Epsilon * 1e-9));
        });

    /// <summary>Records every input (detached copy) and passes it on unchanged.</summary>
    private sealed class Probe(List<Tensor> seen) : nn.Module<Tensor, Tensor>("probe")
    {
        public override Tensor forward(Tensor input)
        {
            seen.Add(input.detach().clone().DetachFromDisposeScope());
            return input.alias();
        }
    }
}
