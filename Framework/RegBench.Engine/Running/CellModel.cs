using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Training;
using static TorchSharp.torch;

namespace RegBench.Engine.Running;

/// <summary>
/// A cell's model built the way every cell is (CellRunner, `regbench bench`): a fresh regularizer instance whose
/// <see cref="IModelTransform"/> (if any) decorates the engine's <see cref="LayerFactory"/>, the architecture built through
/// that factory for the dataset's shape, then the cell's `init` applied to every factory-made layer. Owns the model, the
/// layers' state and the regularizer; <see cref="Attach"/> is left to the caller (after any checkpoint restore).
/// </summary>
public sealed class CellModel : IDisposable
{
    private CellModel(IRegularizer regularizer, nn.Module<Tensor, Tensor> model, IReadOnlyList<RegularizedLayer> layers)
    {
        Regularizer = regularizer;
        Model = model;
        Layers = layers;
    }

    /// <summary>The cell's regularizer instance (not yet attached).</summary>
    public IRegularizer Regularizer { get; }

    /// <summary>The model.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Every weight layer the architecture made through the factory, in creation order.</summary>
    public IReadOnlyList<RegularizedLayer> Layers { get; }

    /// <summary>
    /// Builds <paramref name="cell"/>'s regularizer and model for <paramref name="shape"/> with <paramref name="generator"/>;
    /// a plugin that is not loaded or fails to start, or an architecture that makes no layer through the factory, is an
    /// <see cref="InvalidOperationException"/> naming it (option errors stay <see cref="PluginOptionsException"/>s).
    /// </summary>
    public static CellModel Build(IPluginDirectory plugins, CellSpec cell, DataShape shape, Generator generator)
    {
        var regularizer = (IRegularizer)Create(plugins, PluginKind.Regularizer, cell.Regularizer);
        nn.Module<Tensor, Tensor>? model = null;
        try
        {
            var architecture = (IArchitecture)Create(plugins, PluginKind.Architecture, cell.Architecture);
            var engineLayers = new LayerFactory();
            var layers = regularizer is IModelTransform transform ? transform.Decorate(engineLayers) : engineLayers;
            model = architecture.Build(new ModelContext(shape, layers, generator));
            if (layers.Layers.Count == 0)
                throw new InvalidOperationException($"architecture '{cell.Architecture.Name}' created no layer through the layer factory; regularizers would see nothing.");
            if (cell.Init == "orthogonal-scaled")
                foreach (var layer in layers.Layers)
                    Spectral.OrthogonalInit.ScaledOrthogonal_(layer.Weight, generator, layer.Kind == LayerKind.ConvTranspose2d);
            return new CellModel(regularizer, model, layers.Layers);
        }
        catch
        {
            model?.Dispose();
            (regularizer as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>Attaches the regularizer to the layers, as the engine does once per cell.</summary>
    public void Attach(bool resumed, long seed, Func<double> learningRate) =>
        Regularizer.Attach(new RegularizationContext(Layers, resumed, seed) { LearningRate = learningRate });

    /// <summary>Disposes the layers' state, the regularizer (when disposable) and the model.</summary>
    public void Dispose()
    {
        foreach (var layer in Layers) layer.State.Dispose();
        (Regularizer as IDisposable)?.Dispose();
        Model.Dispose();
    }

    private static object Create(IPluginDirectory plugins, PluginKind kind, PluginChoice choice)
    {
        var descriptor = plugins.Find(kind, choice.Name)
            ?? throw new InvalidOperationException($"{kind.ToString().ToLowerInvariant()} plugin '{choice.Name}' is not loaded.");
        try
        {
            return descriptor.Create(choice.Options);
        }
        catch (Exception error) when (error is not PluginOptionsException)
        {
            throw new InvalidOperationException($"{kind.ToString().ToLowerInvariant()} plugin '{choice.Name}' failed to start: {error.Message}", error);
        }
    }
}
