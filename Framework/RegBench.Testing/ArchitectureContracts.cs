using FsCheck;
using FsCheck.Fluent;
using RegBench.Abstractions;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Testing;

/// <summary>An input shape of the datasets RegBench ships (1×28×28, 3×32×32), a number of classes, a batch size and a seed.</summary>
/// <param name="Channels">Image channels.</param>
/// <param name="Side">Image height and width.</param>
/// <param name="Classes">Classes.</param>
/// <param name="Batch">Examples per forward pass (≥ 2, so batch norm can train).</param>
/// <param name="Seed">Seed of weights and inputs.</param>
public sealed record ArchitectureCase(int Channels, int Side, int Classes, int Batch, int Seed)
{
    /// <summary>1×28×28 or 3×32×32 images, 2–12 classes, batches of 2–3.</summary>
    public static Arbitrary<ArchitectureCase> Arbitrary { get; } = Arb.From(
        from image in Gen.Elements((1, 28), (3, 32))
        from classes in Gen.Choose(2, 12)
        from batch in Gen.Choose(2, 3)
        from seed in Gen.Choose(0, int.MaxValue)
        select new ArchitectureCase(image.Item1, image.Item2, classes, batch, seed));

    /// <summary>The data shape the model is built for.</summary>
    public DataShape Shape => new(Channels, Side, Side, Classes);

    /// <inheritdoc />
    public override string ToString() => $"{Shape}, batch {Batch}, seed {Seed}";
}

/// <summary>
/// What every architecture must do, each check on a model built as the engine builds it (its <see cref="LayerFactory"/>,
/// the global RNG seeded from the case as CellRunner seeds it); violations throw <see cref="ContractViolationException"/>.
/// </summary>
public static class ArchitectureContracts
{
    /// <summary>A forward pass on random input, in training and in eval mode, gives finite logits of shape [batch, classes].</summary>
    public static Property ForwardGivesFiniteLogits(PluginUnderTest plugin) =>
        Prop.ForAll(ArchitectureCase.Arbitrary, c => CheckForwardGivesFiniteLogits(plugin, c));

    /// <summary>The model makes at least one weight layer through the layer factory, and every such layer's weight is a parameter of the model.</summary>
    public static Property LayersAreTrainedParameters(PluginUnderTest plugin) =>
        Prop.ForAll(ArchitectureCase.Arbitrary, c => CheckLayersAreTrainedParameters(plugin, c));

    /// <inheritdoc cref="ForwardGivesFiniteLogits"/>
    public static void CheckForwardGivesFiniteLogits(PluginUnderTest plugin, ArchitectureCase c) => ContractScope.Run(() =>
    {
        var (model, _) = Build(plugin, c);
        using (model)
        {
            using var generator = new Generator((ulong)c.Seed, CPU);
            var input = randn([c.Batch, c.Channels, c.Side, c.Side], generator: generator);
            foreach (var training in new[] { true, false })
            {
                model.train(training);
                using var noGrad = no_grad();
                var logits = model.forward(input);
                var mode = training ? "training" : "eval";
                if (!logits.shape.SequenceEqual([c.Batch, c.Classes]))
                    Fail(plugin, c, $"{mode}-mode logits have shape [{string.Join(", ", logits.shape)}], expected [{c.Batch}, {c.Classes}]");
                if (!TensorChecks.AllFinite(logits)) Fail(plugin, c, $"{mode}-mode logits have NaN/Inf values");
            }
        }
    });

    /// <inheritdoc cref="LayersAreTrainedParameters"/>
    public static void CheckLayersAreTrainedParameters(PluginUnderTest plugin, ArchitectureCase c) => ContractScope.Run(() =>
    {
        var (model, layers) = Build(plugin, c);
        using (model)
        {
            if (layers.Count == 0) Fail(plugin, c, "the model made no weight layer through ModelContext.Layers; regularizers would see nothing");
            var parameters = model.parameters().Where(p => p.requires_grad).Select(p => p.Handle).ToHashSet();
            foreach (var layer in layers)
                if (!parameters.Contains(layer.Weight.Handle))
                    Fail(plugin, c, $"layer '{layer.Name}' was made through the layer factory but its weight is not a trainable parameter of the model");
        }
    });

    private static (nn.Module<Tensor, Tensor> Model, IReadOnlyList<RegularizedLayer> Layers) Build(PluginUnderTest plugin, ArchitectureCase c)
    {
        var architecture = plugin.Create() as IArchitecture
            ?? throw new ContractViolationException($"{plugin.Label}: the manifest did not create an IArchitecture.");
        torch.manual_seed(c.Seed);
        var factory = new LayerFactory();
        using var generator = new Generator((ulong)c.Seed, CPU);
        return (architecture.Build(new ModelContext(c.Shape, factory, generator)), factory.Layers);
    }

    private static void Fail(PluginUnderTest plugin, ArchitectureCase c, string what) =>
        throw new ContractViolationException($"{plugin.Label} on {c}: {what}.");
}
