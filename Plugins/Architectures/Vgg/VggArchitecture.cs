using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.Vgg;

/// <summary>
/// Simonyan &amp; Zisserman's VGG for 32×32 inputs as in the CIFAR codebases: 3×3 convs (with bias) in five stages of
/// 64–512 channels, each ending in a 2×2 max pool, then a 512→classes head. Max pools round up and a global average
/// pool precedes the head, so 28×28 and 96×96 inputs work too (for 32×32 both are the plain CIFAR VGG).
/// </summary>
[Architecture("vgg", Description = Description)]
public sealed class VggArchitecture(VggOptions options) : IArchitecture
{
    /// <summary>One line for `regbench list plugins`.</summary>
    public const string Description = "VGG-11/13/16/19 (Simonyan & Zisserman 2015) for 32x32 inputs, optional BatchNorm, 512->classes head (Yoshida & Miyato: CIFAR-10).";

    /// <summary>The configurations by depth: channels of each 3×3 conv, 0 for a 2×2 max pool.</summary>
    public static readonly IReadOnlyDictionary<int, int[]> Configurations = new Dictionary<int, int[]>
    {
        [11] = [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0],
        [13] = [64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0],
        [16] = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0],
        [19] = [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0],
    };

    /// <summary>The depth must be one of the four configurations (the classifier is an enum the binder checks).</summary>
    internal static void Validate(VggOptions options)
    {
        if (!Configurations.ContainsKey(options.Depth))
            throw new PluginOptionsException("vgg", "depth", $"must be one of {string.Join(", ", Configurations.Keys)}, found {options.Depth}.");
    }

    private const double ClassifierDropout = 0.5;

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Build(ModelContext context)
    {
        var configuration = Configurations[options.Depth];
        var convs = new List<VggConv>();
        long channels = context.Data.Channels;
        var size = (Height: context.Data.Height, Width: context.Data.Width);
        for (var i = 0; i < configuration.Length; i++)
        {
            if (configuration[i] == 0) continue;
            var index = convs.Count + 1;
            var outChannels = Math.Max(1, configuration[i] * options.Width / 64);
            var conv = context.Layers.Conv2d($"conv{index}", channels, outChannels, 3, padding: 1, inputSize: size);
            var poolAfter = i + 1 < configuration.Length && configuration[i + 1] == 0;
            convs.Add(new VggConv(index, conv, options.BatchNorm ? nn.BatchNorm2d(outChannels) : null, poolAfter));
            channels = outChannels;
            if (poolAfter) size = ((size.Height + 1) / 2, (size.Width + 1) / 2);
        }
        var classes = context.Data.Classes;
        List<(string, nn.Module<Tensor, Tensor>)> head = options.Classifier == VggClassifier.Mlp
            ? [("fc1", context.Layers.Linear("fc1", channels, 512)), ("fc2", context.Layers.Linear("fc2", 512, 512)), ("fc3", context.Layers.Linear("fc3", 512, classes))]
            : [("fc", context.Layers.Linear("fc", channels, classes))];
        return new VggModel(convs, head, ClassifierDropout);
    }
}
