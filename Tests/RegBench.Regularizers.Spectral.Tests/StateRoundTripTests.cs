using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Miyato = RegBench.Regularizers.MiyatoSpectralNorm.MiyatoSpectralNorm;
using Snr = RegBench.Regularizers.SpectralNormRegularization.SpectralNormRegularization;

namespace RegBench.Regularizers.Spectral.Tests;

/// <summary>
/// Checkpoint round trip as the engine does it: save weights and every layer's State tensors, rebuild fresh, restore,
/// Attach(Resumed: true), then one identical step on the original and the restored model must give bitwise-equal weights.
/// </summary>
public sealed class StateRoundTripTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("regbench-spectral-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>A conv → linear classifier built through <paramref name="factory"/> (decorated or not).</summary>
    private static (nn.Module<Tensor, Tensor> Model, IReadOnlyList<RegularizedLayer> Layers) Build(ILayerFactory factory, int seed)
    {
        manual_seed(seed);
        var conv = factory.Conv2d("conv1", 2, 3, 3, padding: 1, inputSize: (4, 4));
        var fc = factory.Linear("out", 3 * 4 * 4, 3);
        var model = nn.Sequential(("conv1", conv), ("relu", nn.ReLU()), ("flatten", nn.Flatten()), ("out", fc));
        return (model, factory.Layers);
    }

    /// <summary>Forward, backward, the gradient hook if any, plain SGD.</summary>
    private static void Step(nn.Module<Tensor, Tensor> model, IReadOnlyList<RegularizedLayer> layers, IGradientHook? hook, int batch)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)batch, CPU);
        var x = randn([5, 2, 4, 4], generator: generator);
        var y = randint(3, [5], generator: generator);
        model.train();
        foreach (var p in model.parameters()) p.grad = null;
        F.cross_entropy(model.forward(x), y).backward();
        hook?.AfterBackward(layers);
        using var noGrad = no_grad();
        foreach (var p in model.parameters()) p.sub_(p.grad! * 0.1);
    }

    private void Save(nn.Module<Tensor, Tensor> model, IReadOnlyList<RegularizedLayer> layers)
    {
        foreach (var (name, p) in model.named_parameters()) p.save(Path.Combine(directory, $"param.{name}.pt"));
        foreach (var layer in layers)
            foreach (var name in layer.State.Names) layer.State.Get(name)!.save(Path.Combine(directory, $"state.{layer.Name}.{name}.pt"));
    }

    private void Restore(nn.Module<Tensor, Tensor> model, IReadOnlyList<RegularizedLayer> layers)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            using var saved = torch.load(Path.Combine(directory, $"param.{name}.pt"));
            p.copy_(saved);
        }
        foreach (var layer in layers)
            foreach (var file in Directory.GetFiles(directory, $"state.{layer.Name}.*.pt"))
            {
                var stateName = Path.GetFileNameWithoutExtension(file)[$"state.{layer.Name}.".Length..];
                using var saved = torch.load(file);
                layer.State.Set(stateName, saved.clone());
            }
    }

    private static void AssertBitwiseEqual(nn.Module<Tensor, Tensor> a, nn.Module<Tensor, Tensor> b, IReadOnlyList<RegularizedLayer> la, IReadOnlyList<RegularizedLayer> lb)
    {
        foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.True(TestLayers.BitwiseEqual(pa, pb), $"parameter {name} differs after the step");
        foreach (var (x, y) in la.Zip(lb))
            foreach (var name in x.State.Names)
                Assert.True(TestLayers.BitwiseEqual(x.State.Get(name)!, y.State.Get(name)!), $"{x.Name} state {name} differs after the step");
    }

    [Fact]
    public void Snr_state_survives_a_checkpoint_round_trip_bitwise()
    {
        using var scope = NewDisposeScope();
        var snr = new Snr(new() { Lambda = 0.5 });
        var (model, layers) = Build(new RegBench.Engine.Training.LayerFactory(), seed: 1);
        snr.Attach(new RegularizationContext(layers, Resumed: false, Seed: 3));
        for (int i = 0; i < 3; i++) Step(model, layers, snr, i);
        Save(model, layers);
        Assert.Equal(4, Directory.GetFiles(directory, "state.*").Length);

        var resumedSnr = new Snr(new() { Lambda = 0.5 });
        var (resumed, resumedLayers) = Build(new RegBench.Engine.Training.LayerFactory(), seed: 99);
        Restore(resumed, resumedLayers);
        resumedSnr.Attach(new RegularizationContext(resumedLayers, Resumed: true, Seed: 3));
        Step(model, layers, snr, 3);
        Step(resumed, resumedLayers, resumedSnr, 3);
        AssertBitwiseEqual(model, resumed, layers, resumedLayers);
    }

    [Fact]
    public void Miyato_state_survives_a_checkpoint_round_trip_bitwise()
    {
        using var scope = NewDisposeScope();
        var miyato = new Miyato(new());
        var (model, layers) = Build(miyato.Decorate(new RegBench.Engine.Training.LayerFactory()), seed: 1);
        miyato.Attach(new RegularizationContext(layers, Resumed: false, Seed: 3));
        for (int i = 0; i < 3; i++) Step(model, layers, null, i);
        Save(model, layers);
        Assert.Equal(4, Directory.GetFiles(directory, "state.*").Length);

        var resumedMiyato = new Miyato(new());
        var (resumed, resumedLayers) = Build(resumedMiyato.Decorate(new RegBench.Engine.Training.LayerFactory()), seed: 99);
        Restore(resumed, resumedLayers);
        resumedMiyato.Attach(new RegularizationContext(resumedLayers, Resumed: true, Seed: 3));
        Step(model, layers, null, 3);
        Step(resumed, resumedLayers, null, 3);
        AssertBitwiseEqual(model, resumed, layers, resumedLayers);
    }

    [Fact]
    public void Adversarial_training_keeps_no_layer_state()
    {
        using var scope = NewDisposeScope();
        var (model, layers) = Build(new RegBench.Engine.Training.LayerFactory(), seed: 1);
        var adversarial = new RegBench.Regularizers.AdversarialTraining.AdversarialTraining(new());
        ((IRegularizer)adversarial).Attach(new RegularizationContext(layers, false, 0));
        adversarial.Loss(model, randn(2, 2, 4, 4), tensor(new long[] { 0, 1 }), (l, t) => F.cross_entropy(l, t)).backward();
        Assert.All(layers, l => Assert.Equal(0, l.State.Count));
    }
}
