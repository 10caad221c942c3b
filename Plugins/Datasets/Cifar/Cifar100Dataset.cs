using RegBench.Abstractions;

namespace RegBench.Datasets.Cifar;

/// <summary>CIFAR-100: records carry a coarse (20 superclasses) and a fine (100 classes) label; the labels option picks one.</summary>
[Dataset(Name, Description = "CIFAR-100 (Krizhevsky 2009): 32x32 RGB, 100 fine / 20 coarse classes, 50000/10000; binary version (cifar-100-binary/).")]
public sealed class Cifar100Dataset(Cifar100Options options) : CifarDataset(CifarFormat.Cifar100, options, LabelByteOf(options.Labels))
{
    /// <summary>The name experiments.json uses.</summary>
    public const string Name = "cifar100";

    /// <summary>The labels option must name one of the two label bytes.</summary>
    internal static void Validate(Cifar100Options options) => LabelByteOf(options.Labels);

    private static int LabelByteOf(string labels) => labels switch
    {
        "coarse" => 0,
        "fine" => 1,
        _ => throw new PluginOptionsException(Name, "labels", $"must be fine or coarse, found '{labels}'."),
    };
}
