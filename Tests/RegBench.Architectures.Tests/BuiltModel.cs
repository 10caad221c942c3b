using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.Tests;

/// <summary>A model built by an architecture plugin through its manifest, with the engine's layer factory.</summary>
public sealed class BuiltModel : IDisposable
{
    /// <summary>The architectures of the five plugin assemblies, from their generated manifests.</summary>
    internal static readonly IReadOnlyList<PluginDescriptor> Descriptors =
    [
        .. new Mlp.RegBenchPluginManifest().Plugins, .. new ResNet.RegBenchPluginManifest().Plugins, .. new Vgg.RegBenchPluginManifest().Plugins,
        .. new NetworkInNetwork.RegBenchPluginManifest().Plugins, .. new DenseNet.RegBenchPluginManifest().Plugins,
    ];

    private BuiltModel(nn.Module<Tensor, Tensor> model, LayerFactory factory, DataShape shape)
    {
        Model = model;
        Factory = factory;
        Shape = shape;
    }

    /// <summary>The model.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>The factory that made its weight layers.</summary>
    public LayerFactory Factory { get; }

    /// <summary>The data shape it was built for.</summary>
    public DataShape Shape { get; }

    /// <summary>Trainable parameters of the whole model.</summary>
    public long Parameters => Model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>Builds architecture <paramref name="name"/> with <paramref name="optionsJson"/> for <paramref name="shape"/>.</summary>
    public static BuiltModel Build(string name, string optionsJson, DataShape shape)
    {
        var descriptor = Descriptors.Single(d => d.Name == name);
        using var options = JsonDocument.Parse(optionsJson);
        var architecture = (IArchitecture)descriptor.CreateFrom(options.RootElement.Clone());
        var factory = new LayerFactory();
        using var generator = new Generator(0);
        torch.manual_seed(0);
        return new BuiltModel(architecture.Build(new ModelContext(shape, factory, generator)), factory, shape);
    }

    /// <summary>Logits for a random batch of <paramref name="batch"/> examples, in eval mode without gradients.</summary>
    public long[] ForwardShape(int batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Model.eval();
        var logits = Model.call(randn(batch, Shape.Channels, Shape.Height, Shape.Width));
        Assert.True(logits.isfinite().all().item<bool>(), "logits must be finite");
        return logits.shape;
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
