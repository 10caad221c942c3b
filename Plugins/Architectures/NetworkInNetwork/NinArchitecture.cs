using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.NetworkInNetwork;

/// <summary>
/// Lin, Chen &amp; Yan (2014) Network in Network for CIFAR, as their Caffe model: mlpconv blocks 192-160-96 (5×5),
/// 192-192-192 (5×5) and 192-192-classes (3×3), pooling with stride 2 and dropout between, and global average
/// pooling of the last block's (ReLU'd) class maps as logits. No fully connected layer.
/// </summary>
[Architecture("nin", Description = Description)]
public sealed class NinArchitecture(NinOptions options) : IArchitecture
{
    /// <summary>One line for `regbench list plugins`.</summary>
    public const string Description = "Network in Network (Lin et al. 2014) for CIFAR: three mlpconv blocks, global average pooling (Yoshida & Miyato: CIFAR-100).";

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Build(ModelContext context)
    {
        var layers = context.Layers;
        var size = (context.Data.Height, context.Data.Width);
        static (int, int) Half((int Height, int Width) s) => ((s.Height - 1) / 2 + 1, (s.Width - 1) / 2 + 1); // 3×3, stride 2, padding 1
        var block1 = new MlpConvBlock(layers, "block1", context.Data.Channels, (192, 160, 96), 5, size, options.BatchNorm);
        size = Half(size);
        var block2 = new MlpConvBlock(layers, "block2", 96, (192, 192, 192), 5, size, options.BatchNorm);
        size = Half(size);
        var block3 = new MlpConvBlock(layers, "block3", 192, (192, 192, context.Data.Classes), 3, size, options.BatchNorm);
        return new NinModel(block1, block2, block3, options.Dropout);
    }
}
