using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.DenseNet;

/// <summary>
/// A DenseNet-BC bottleneck layer: BN → ReLU → 1×1 conv (4k) → BN → ReLU → 3×3 conv (k), concatenated to its input;
/// layers "<c>name</c>.conv1" and ".conv2".
/// </summary>
public sealed class BottleneckLayer : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn2;
    private readonly nn.Module<Tensor, Tensor> conv2;
    private readonly double dropout;

    /// <summary>Makes the two convs (bias-free) through the factory.</summary>
    public BottleneckLayer(ILayerFactory layers, string name, long inChannels, int growthRate, (int Height, int Width) size, double dropout)
        : base("BottleneckLayer")
    {
        var inner = 4L * growthRate;
        bn1 = nn.BatchNorm2d(inChannels);
        conv1 = layers.Conv2d($"{name}.conv1", inChannels, inner, 1, bias: false, inputSize: size);
        bn2 = nn.BatchNorm2d(inner);
        conv2 = layers.Conv2d($"{name}.conv2", inner, growthRate, 3, padding: 1, bias: false, inputSize: size);
        this.dropout = dropout;
        register_module("bn1", bn1);
        register_module("conv1", conv1);
        register_module("bn2", bn2);
        register_module("conv2", conv2);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = Dropout(conv1.call(nn.functional.relu(bn1.call(input))));
        x = Dropout(conv2.call(nn.functional.relu(bn2.call(x))));
        return cat([input, x], 1).MoveToOuterDisposeScope();
    }

    private Tensor Dropout(Tensor x) => dropout > 0 ? nn.functional.dropout(x, dropout, training) : x;
}

/// <summary>A transition layer: BN → ReLU → 1×1 conv (θ·channels, "<c>name</c>.conv") → 2×2 average pool.</summary>
public sealed class TransitionLayer : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> bn;
    private readonly nn.Module<Tensor, Tensor> conv;
    private readonly double dropout;

    /// <summary>Makes the conv (bias-free) through the factory.</summary>
    public TransitionLayer(ILayerFactory layers, string name, long inChannels, long outChannels, (int Height, int Width) size, double dropout)
        : base("TransitionLayer")
    {
        bn = nn.BatchNorm2d(inChannels);
        conv = layers.Conv2d($"{name}.conv", inChannels, outChannels, 1, bias: false, inputSize: size);
        this.dropout = dropout;
        register_module("bn", bn);
        register_module("conv", conv);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = conv.call(nn.functional.relu(bn.call(input)));
        if (dropout > 0) x = nn.functional.dropout(x, dropout, training);
        return nn.functional.avg_pool2d(x, 2, 2).MoveToOuterDisposeScope();
    }
}
