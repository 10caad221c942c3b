using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;
using static TorchSharp.torch;

namespace RegBench.Engine.Running;

/// <summary>
/// A cell's model built the way every cell is (run, resume, inspect, describe, bench, RegBench.Testing): a fresh regularizer instance whose
/// <see cref="IModelTransform"/> (if any) decorates the engine's <see cref="LayerFactory"/>, the architecture built through
/// that factory for the dataset's shape, then the cell's `init` applied to every factory-made layer, all on the cell's device
/// (<see cref="DevicePlacement"/>). Owns the model, the layers' state and the regularizer; <see cref="Attach"/> is left to the
/// caller (after any checkpoint restore).
/// </summary>
public sealed class CellModel : IDisposable
{
    private CellModel(IRegularizer regularizer, nn.Module<Tensor, Tensor> model, IReadOnlyList<RegularizedLayer> layers, DevicePlacement placement)
    {
        Regularizer = regularizer;
        Model = model;
        Layers = layers;
        Placement = placement;
    }

    /// <summary>The cell's regularizer instance (not yet attached).</summary>
    public IRegularizer Regularizer { get; }

    /// <summary>The model.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Every weight layer the architecture made through the factory, in creation order.</summary>
    public IReadOnlyList<RegularizedLayer> Layers { get; }

    /// <summary>The device the model's parameters and buffers are on, and batches go to.</summary>
    public DevicePlacement Placement { get; }

    /// <summary>
    /// Builds <paramref name="cell"/>'s regularizer and model for <paramref name="shape"/> with <paramref name="generator"/>,
    /// creating both plugins through <see cref="IPluginDirectory.Create"/> (errors name the plugin; option errors stay
    /// <see cref="PluginOptionsException"/>s) on <paramref name="placement"/>'s device (the CPU when null). Used by run, resume, inspect and bench.
    /// </summary>
    public static CellModel Build(IPluginDirectory plugins, CellSpec cell, DataShape shape, Generator generator, DevicePlacement? placement = null)
    {
        var regularizer = (IRegularizer)cell.Regularizer.Create(plugins);
        try
        {
            return Build(regularizer, (IArchitecture)cell.Architecture.Create(plugins), cell.Init, shape, generator, placement);
        }
        catch
        {
            (regularizer as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Builds a model from plugin instances: <paramref name="regularizer"/>'s <see cref="IModelTransform"/> (if any) decorates
    /// the engine's factory, <paramref name="architecture"/> is built through it and <paramref name="init"/> applied. With no
    /// regularizer (`regbench describe`) the layers stay the engine's. Layers are moved to <paramref name="placement"/>'s device as the
    /// factory makes them, the rest of the model after the architecture built it (<see cref="DevicePlacement.Model"/>). The model owns
    /// <paramref name="regularizer"/> from here, also when building fails (it is disposed then). An architecture that makes no layer
    /// through the factory is an <see cref="InvalidOperationException"/>.
    /// </summary>
    public static CellModel Build(IRegularizer? regularizer, IArchitecture architecture, string init, DataShape shape, Generator generator,
        DevicePlacement? placement = null)
    {
        placement ??= DevicePlacement.Cpu;
        nn.Module<Tensor, Tensor>? model = null;
        try
        {
            if (!ExperimentFormat.Inits.Contains(init))
                throw new ArgumentException($"unknown init '{init}'; known: {string.Join(", ", ExperimentFormat.Inits)}. Fix \"init\" in experiments.json.", nameof(init));
            var engineLayers = new LayerFactory(placement);
            var layers = regularizer is IModelTransform transform ? transform.Decorate(engineLayers) : engineLayers;
            model = architecture.Build(new ModelContext(shape, layers, generator));
            if (layers.Layers.Count == 0)
                throw new InvalidOperationException($"architecture '{NameOf(architecture)}' created no layer through the layer factory; regularizers would see nothing.");
            if (init == "orthogonal-scaled")
                foreach (var layer in layers.Layers)
                    Spectral.OrthogonalInit.ScaledOrthogonal_(layer.Weight, generator, layer.Kind == LayerKind.ConvTranspose2d);
            placement.Model(model, layers.Layers);
            return new CellModel(regularizer ?? new Unregularized(), model, layers.Layers, placement);
        }
        catch
        {
            model?.Dispose();
            (regularizer as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>Attaches the regularizer to the layers, as the engine does once per cell, telling it the cell's device.</summary>
    public void Attach(bool resumed, long seed, Func<double> learningRate) =>
        Regularizer.Attach(new RegularizationContext(Layers, resumed, seed) { LearningRate = learningRate, Device = Placement.Device });

    /// <summary>Disposes the layers' state, the regularizer (when disposable) and the model.</summary>
    public void Dispose()
    {
        foreach (var layer in Layers) layer.State.Dispose();
        (Regularizer as IDisposable)?.Dispose();
        Model.Dispose();
    }

    private static string NameOf(IArchitecture architecture) =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<ArchitectureAttribute>(architecture.GetType())?.Name ?? architecture.GetType().Name;

    // The regularizer of a model built without one (`regbench describe`): attaching it does nothing.
    private sealed class Unregularized : IRegularizer;
}
