using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.NetworkInNetwork;

/// <summary>
/// One mlpconv block of Lin et al.: a k×k conv followed by two 1×1 convs (the "micro network"), each with ReLU
/// (and optional BN); layers "<c>name</c>.conv1" (k×k), ".conv2", ".conv3" (1×1).
/// </summary>
public sealed class MlpConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] convs;
    private readonly nn.Module<Tensor, Tensor>?[] norms;

    /// <summary>Makes the three convs through the factory; <paramref name="channels"/> are the outputs of conv1–conv3.</summary>
    public MlpConvBlock(ILayerFactory layers, string name, long inChannels, (long First, long Second, long Third) channels, int kernel,
        (int Height, int Width) inputSize, bool batchNorm) : base("MlpConvBlock")
    {
        long[] outputs = [channels.First, channels.Second, channels.Third];
        convs =
        [
            layers.Conv2d($"{name}.conv1", inChannels, outputs[0], kernel, padding: kernel / 2, inputSize: inputSize),
            layers.Conv2d($"{name}.conv2", outputs[0], outputs[1], 1, inputSize: inputSize),
            layers.Conv2d($"{name}.conv3", outputs[1], outputs[2], 1, inputSize: inputSize),
        ];
        norms = outputs.Select(c => batchNorm ? (nn.Module<Tensor, Tensor>?)nn.BatchNorm2d(c) : null).ToArray();
        for (var i = 0; i < convs.Length; i++)
        {
            register_module($"conv{i + 1}", convs[i]);
            if (norms[i] is { } norm) register_module($"bn{i + 1}", norm);
        }
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        for (var i = 0; i < convs.Length; i++)
        {
            x = convs[i].call(x);
            if (norms[i] is { } norm) x = norm.call(x);
            x = nn.functional.relu(x);
        }
        return x.MoveToOuterDisposeScope();
    }
}
