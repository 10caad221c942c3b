using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.ResNet;

/// <summary>What a residual block needs to make its layers: the factory, its dotted name, and the input it sees.</summary>
/// <param name="Layers">The model's layer factory.</param>
/// <param name="Name">Dotted path of the block, e.g. "layer2.0".</param>
/// <param name="InChannels">Input channels.</param>
/// <param name="Stride">Stride of the block's spatial convolution (2 at the first block of stages 2–4).</param>
/// <param name="InputSize">Spatial size of the block's input.</param>
public sealed record BlockSpec(ILayerFactory Layers, string Name, long InChannels, int Stride, (int Height, int Width) InputSize)
{
    /// <summary>Spatial size after a conv of this kernel, stride and padding on <paramref name="size"/>.</summary>
    public static (int Height, int Width) After((int Height, int Width) size, int kernel, int stride, int padding) =>
        ((size.Height + 2 * padding - kernel) / stride + 1, (size.Width + 2 * padding - kernel) / stride + 1);

    /// <summary>The block's output size.</summary>
    public (int Height, int Width) OutputSize => After(InputSize, 3, Stride, 1);
}

/// <summary>
/// He et al.'s basic block: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), 3×3 convs without bias; the
/// shortcut is the identity, or a 1×1 conv + BN ("layerN.M.shortcut.conv/bn") when stride or channels change.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>Output channels relative to the block's planes.</summary>
    public const int Expansion = 1;

    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> conv2;
    private readonly nn.Module<Tensor, Tensor> bn2;
    private readonly nn.Module<Tensor, Tensor>? shortcut;

    /// <summary>Makes the block's layers through the factory as "<c>spec.Name</c>.conv1", ".conv2", ".shortcut.conv".</summary>
    public BasicBlock(BlockSpec spec, long planes) : base("BasicBlock")
    {
        var output = spec.OutputSize;
        conv1 = spec.Layers.Conv2d($"{spec.Name}.conv1", spec.InChannels, planes, 3, stride: spec.Stride, padding: 1, bias: false, inputSize: spec.InputSize);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = spec.Layers.Conv2d($"{spec.Name}.conv2", planes, planes, 3, padding: 1, bias: false, inputSize: output);
        bn2 = nn.BatchNorm2d(planes);
        shortcut = Shortcut.Create(spec, planes * Expansion);
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("conv2", conv2);
        register_module("bn2", bn2);
        if (shortcut is not null) register_module("shortcut", shortcut);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        x = bn2.call(conv2.call(x));
        x = x.add_(shortcut?.call(input) ?? input);
        return nn.functional.relu(x).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// He et al.'s bottleneck block: 1×1 reduce → 3×3 (carries the stride) → 1×1 expand ×4, each followed by BN, plus the
/// shortcut; layers "<c>name</c>.conv1", ".conv2", ".conv3", ".shortcut.conv".
/// </summary>
public sealed class BottleneckBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>Output channels relative to the block's planes.</summary>
    public const int Expansion = 4;

    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> conv2;
    private readonly nn.Module<Tensor, Tensor> bn2;
    private readonly nn.Module<Tensor, Tensor> conv3;
    private readonly nn.Module<Tensor, Tensor> bn3;
    private readonly nn.Module<Tensor, Tensor>? shortcut;

    /// <summary>Makes the block's layers through the factory.</summary>
    public BottleneckBlock(BlockSpec spec, long planes) : base("BottleneckBlock")
    {
        var output = spec.OutputSize;
        conv1 = spec.Layers.Conv2d($"{spec.Name}.conv1", spec.InChannels, planes, 1, bias: false, inputSize: spec.InputSize);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = spec.Layers.Conv2d($"{spec.Name}.conv2", planes, planes, 3, stride: spec.Stride, padding: 1, bias: false, inputSize: spec.InputSize);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = spec.Layers.Conv2d($"{spec.Name}.conv3", planes, planes * Expansion, 1, bias: false, inputSize: output);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        shortcut = Shortcut.Create(spec, planes * Expansion);
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("conv2", conv2);
        register_module("bn2", bn2);
        register_module("conv3", conv3);
        register_module("bn3", bn3);
        if (shortcut is not null) register_module("shortcut", shortcut);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        x = nn.functional.relu(bn2.call(conv2.call(x)));
        x = bn3.call(conv3.call(x));
        x = x.add_(shortcut?.call(input) ?? input);
        return nn.functional.relu(x).MoveToOuterDisposeScope();
    }
}

/// <summary>The projection shortcut (1×1 conv with the block's stride, no bias, + BN) used when the shape changes.</summary>
public static class Shortcut
{
    /// <summary>A "<c>name</c>.shortcut" Sequential of "conv" and "bn", or null when the identity fits.</summary>
    public static nn.Module<Tensor, Tensor>? Create(BlockSpec spec, long outChannels)
    {
        if (spec.Stride == 1 && spec.InChannels == outChannels) return null;
        var conv = spec.Layers.Conv2d($"{spec.Name}.shortcut.conv", spec.InChannels, outChannels, 1, stride: spec.Stride, bias: false, inputSize: spec.InputSize);
        return nn.Sequential(("conv", conv), ("bn", (nn.Module<Tensor, Tensor>)nn.BatchNorm2d(outChannels)));
    }
}
