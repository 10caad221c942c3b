using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.DenseNet;

/// <summary>
/// Huang et al. (2017) DenseNet-BC for CIFAR: a 3×3 stem conv to 2k channels, three dense blocks of (L − 4)/6
/// bottleneck layers separated by compressing transitions, BN-ReLU, global average pooling and a Linear head.
/// For larger inputs (STL-10, 96×96) the "pooled" stem halves the resolution once after the stem conv, so the blocks
/// run at 48/24/12 px instead of 96/48/24 (a quarter of the cost; the ImageNet DenseNet stem would quarter it).
/// </summary>
[Architecture("densenet", Description = Description)]
public sealed class DenseNetArchitecture(DenseNetOptions options) : IArchitecture
{
    /// <summary>One line for `regbench list plugins`.</summary>
    public const string Description = "DenseNet-BC (Huang et al. 2017), depth/growth e.g. 40/12, 100/12; CIFAR stem, pooled stem for 96x96 (Yoshida & Miyato: CIFAR-100, STL-10).";

    /// <summary>Largest input side for which "auto" picks the CIFAR stem.</summary>
    public const int AutoCifarMaxSide = 64;

    /// <summary>The depth must be 6n + 4 (three dense blocks of (L − 4)/6 bottleneck layers); the stem is an enum the binder checks.</summary>
    internal static void Validate(DenseNetOptions options)
    {
        if (options.Depth < 10 || (options.Depth - 4) % 6 != 0)
            throw new PluginOptionsException("densenet", "depth", $"must be 6n + 4 with n ≥ 1 (e.g. 40, 100, 190), found {options.Depth}.");
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Build(ModelContext context)
    {
        var layers = context.Layers;
        var perBlock = (options.Depth - 4) / 6;
        var size = (Height: context.Data.Height, Width: context.Data.Width);
        long channels = 2L * options.GrowthRate;
        var conv1 = layers.Conv2d("conv1", context.Data.Channels, channels, 3, padding: 1, bias: false, inputSize: size);
        var pooled = options.Stem == DenseNetStem.Pooled || options.Stem == DenseNetStem.Auto && Math.Max(size.Height, size.Width) > AutoCifarMaxSide;
        if (pooled) size = (size.Height / 2, size.Width / 2);
        var stages = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var block = 1; block <= 3; block++)
        {
            var dense = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (var i = 0; i < perBlock; i++)
            {
                dense.Add((i.ToString(), new BottleneckLayer(layers, $"dense{block}.{i}", channels, options.GrowthRate, size, options.Dropout)));
                channels += options.GrowthRate;
            }
            stages.Add(($"dense{block}", nn.Sequential(dense)));
            if (block == 3) break;
            var compressed = (long)Math.Floor(channels * options.Compression);
            stages.Add(($"trans{block}", new TransitionLayer(layers, $"trans{block}", channels, compressed, size, options.Dropout)));
            channels = compressed;
            size = (size.Height / 2, size.Width / 2);
        }
        var fc = layers.Linear("fc", channels, context.Data.Classes);
        return new DenseNetModel(conv1, pooled, stages, channels, fc);
    }
}
