using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.ResNet;

/// <summary>
/// He et al. (2016) ResNet in the CIFAR form of kuangliu/pytorch-cifar (3×3 stem, no max pool, 1×1-conv + BN
/// projection shortcuts, bias-free convs) or the ImageNet stem; every conv and the final Linear made through the factory.
/// </summary>
[Architecture("resnet", Description = Description)]
public sealed class ResNetArchitecture(ResNetOptions options) : IArchitecture
{
    /// <summary>One line for `regbench list plugins`.</summary>
    public const string Description = "ResNet-18/34/50/101/152 (He et al. 2016), CIFAR stem (3x3, 64 ch) or ImageNet stem; Hess & Hutchison use 34 and 50.";

    /// <summary>Blocks per stage for each supported depth, and whether the blocks are bottlenecks.</summary>
    public static readonly IReadOnlyDictionary<int, (int[] Blocks, bool Bottleneck)> Depths = new Dictionary<int, (int[], bool)>
    {
        [18] = ([2, 2, 2, 2], false),
        [34] = ([3, 4, 6, 3], false),
        [50] = ([3, 4, 6, 3], true),
        [101] = ([3, 4, 23, 3], true),
        [152] = ([3, 8, 36, 3], true),
    };

    /// <summary>The depth must be a known configuration (the stem is an enum the binder checks).</summary>
    internal static void Validate(ResNetOptions options)
    {
        if (!Depths.ContainsKey(options.Depth))
            throw new PluginOptionsException("resnet", "depth", $"must be one of {string.Join(", ", Depths.Keys)}, found {options.Depth}.");
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Build(ModelContext context)
    {
        var layers = context.Layers;
        var (blocksPerStage, bottleneck) = Depths[options.Depth];
        var expansion = bottleneck ? BottleneckBlock.Expansion : BasicBlock.Expansion;
        var size = (context.Data.Height, context.Data.Width);
        var imagenet = options.Stem == ResNetStem.Imagenet;
        var conv1 = imagenet
            ? layers.Conv2d("conv1", context.Data.Channels, options.Width, 7, stride: 2, padding: 3, bias: false, inputSize: size)
            : layers.Conv2d("conv1", context.Data.Channels, options.Width, 3, padding: 1, bias: false, inputSize: size);
        size = imagenet ? BlockSpec.After(BlockSpec.After(size, 7, 2, 3), 3, 2, 1) : size;
        long channels = options.Width;
        var stages = new List<IReadOnlyList<nn.Module<Tensor, Tensor>>>();
        for (var stage = 0; stage < blocksPerStage.Length; stage++)
        {
            long planes = options.Width << stage;
            var blocks = new List<nn.Module<Tensor, Tensor>>();
            for (var b = 0; b < blocksPerStage[stage]; b++)
            {
                var spec = new BlockSpec(layers, $"layer{stage + 1}.{b}", channels, stage > 0 && b == 0 ? 2 : 1, size);
                blocks.Add(bottleneck ? new BottleneckBlock(spec, planes) : new BasicBlock(spec, planes));
                channels = planes * expansion;
                size = spec.OutputSize;
            }
            stages.Add(blocks);
        }
        var fc = layers.Linear("fc", channels, context.Data.Classes);
        return new ResNetModel(conv1, options.Width, imagenet, stages, fc);
    }
}
