using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Testing;

/// <summary>
/// The architecture of a <see cref="NetCase"/>: every weight layer made through <see cref="ModelContext.Layers"/>, so a
/// regularizer's model transform decorates it as it would a plugin architecture's; weights drawn from the case's seed
/// with a private generator (independent of the global RNG and of other tests).
/// </summary>
internal sealed class ContractNet(NetCase net) : IArchitecture
{
    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Build(ModelContext context)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var layers = context.Layers;
        long features;
        if (net.Conv)
        {
            var (channels, side) = ((long)net.Channels, net.Side);
            for (var i = 0; i < net.Widths.Count; i++)
            {
                var stride = i == 0 ? net.Stride : 1;
                modules.Add(($"conv{i}", layers.Conv2d($"conv{i}", channels, net.Widths[i], net.Kernel, stride, net.Kernel / 2, inputSize: (side, side))));
                modules.Add(($"relu{i}", nn.ReLU()));
                (channels, side) = (net.Widths[i], (side - 1) / stride + 1);
            }
            modules.Add(("flatten", nn.Flatten()));
            features = channels * side * side;
        }
        else
        {
            modules.Add(("flatten", nn.Flatten()));
            features = net.Shape.Features;
            for (var i = 0; i < net.Widths.Count; i++)
            {
                var name = i == 0 ? "in" : $"hidden{i - 1}";
                modules.Add((name, layers.Linear(name, features, net.Widths[i])));
                modules.Add(($"relu{i}", nn.ReLU()));
                features = net.Widths[i];
            }
        }
        modules.Add(("out", layers.Linear("out", features, net.Classes)));
        var model = nn.Sequential(modules);
        Initialize(model, net.Seed);
        return model;
    }

    /// <summary>Weights ~ N(0, 1/fan_in), biases ~ N(0, 0.01), from a generator seeded with <paramref name="seed"/>.</summary>
    private static void Initialize(nn.Module model, int seed)
    {
        using var generator = new Generator((ulong)seed, CPU);
        using var noGrad = no_grad();
        foreach (var parameter in model.parameters())
        {
            using var draw = randn(parameter.shape, parameter.dtype, parameter.device, generator: generator);
            var scale = parameter.dim() > 1 ? 1 / Math.Sqrt(parameter.numel() / parameter.shape[0]) : 0.1;
            parameter.copy_(draw.mul_(scale));
        }
    }
}
