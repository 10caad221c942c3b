using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Torch;

/// <summary>
/// The one place a cell's tensors are put on its torch device (`--device`): layers as the engine's factory makes them, the rest
/// of the model after the architecture built it, every batch, and layer state restored from a checkpoint. Models are built on the
/// CPU first, so a cell's initial weights are the same on every device. On the CPU every call is a no-op.
/// </summary>
/// <remarks>
/// TorchSharp's <c>Module.to</c> replaces each parameter it has to copy with a new <c>Parameter</c> and disposes the old one, so
/// references taken before the move (a <see cref="RegularizedLayer.Weight"/>, a plugin's own parameters) would go stale. Weight
/// layers are therefore moved as the factory makes them, before anything holds their weights, and <see cref="Model"/> checks
/// afterwards that every layer's weight is still the model's and on the device.
/// </remarks>
public sealed class DevicePlacement
{
    /// <summary>Places tensors on <paramref name="device"/>.</summary>
    public DevicePlacement(Device device) => Device = device ?? throw new ArgumentNullException(nameof(device));

    /// <summary>The CPU, where everything already is.</summary>
    public static DevicePlacement Cpu { get; } = new(CPU);

    /// <summary>The placement for a device name that <see cref="DeviceChoice.Resolve(string)"/> returned ("cpu", "cuda", "cuda:1").</summary>
    public static DevicePlacement Named(string device) => device == "cpu" ? Cpu : new DevicePlacement(torch.device(device));

    /// <summary>The target device.</summary>
    public Device Device { get; }

    /// <summary>True when <paramref name="tensor"/> is on the target device (any index when the target names none, as "cuda").</summary>
    public bool Holds(Tensor tensor) => Holds(tensor.device);

    /// <summary>True when <paramref name="device"/> is the target device (any index when the target names none).</summary>
    public bool Holds(Device device) => device.type == Device.type && (Device.index < 0 || device.index == Device.index);

    /// <summary><paramref name="tensor"/> on the target device: itself when already there, else a copy (in the caller's dispose scope).</summary>
    public Tensor Batch(Tensor tensor) => Holds(tensor) ? tensor : tensor.to(Device);

    /// <summary>Moves a freshly made module's parameters and buffers to the target device (the engine's layer factory calls it before recording the layer).</summary>
    public T Module<T>(T module) where T : nn.Module
    {
        if (Device.type != DeviceType.CPU) module.to(Device);
        return module;
    }

    /// <summary>
    /// Moves what <paramref name="model"/> still holds elsewhere (parameters and buffers the architecture made itself: batch norm,
    /// a plugin's modules) to the target device, then checks that every layer's weight is one of the model's parameters and on
    /// the device; a weight the move replaced is an <see cref="InvalidOperationException"/> naming the layer.
    /// </summary>
    public void Model(nn.Module model, IReadOnlyList<RegularizedLayer> layers)
    {
        if (Device.type != DeviceType.CPU) model.to(Device);
        var parameters = model.parameters().Select(p => p.Handle).ToHashSet();
        foreach (var layer in layers)
        {
            if (layer.Weight.IsInvalid || !parameters.Contains(layer.Weight.Handle) || !Holds(layer.Weight))
                throw new InvalidOperationException(
                    $"layer '{layer.Name}': its weight is not the model's parameter on {Device} after placing the model there. Make every weight layer " +
                    "through ModelContext.Layers, and create a plugin's own parameters on the layer's weight device (layer.Weight.device).");
        }
    }

    /// <summary>
    /// Puts every layer-state tensor on its layer's weight device. Checkpoints store no device: state is restored onto the CPU and
    /// placed here, so a checkpoint written on one device resumes on another.
    /// </summary>
    public static void StateOntoWeights(IReadOnlyList<RegularizedLayer> layers)
    {
        foreach (var layer in layers)
        {
            var device = layer.Weight.device;
            foreach (var name in layer.State.Names.ToList())
            {
                var tensor = layer.State.Get(name)!;
                if (tensor.device.type == device.type && tensor.device.index == device.index) continue;
                layer.State.Set(name, tensor.to(device));
            }
        }
    }
}
