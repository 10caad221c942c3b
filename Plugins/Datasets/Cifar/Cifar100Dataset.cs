using RegBench.Abstractions;

namespace RegBench.Datasets.Cifar;

/// <summary>CIFAR-100: records carry a coarse (20 superclasses) and a fine (100 classes) label; the labels option picks one.</summary>
[Dataset(Name, Description = "CIFAR-100 (Krizhevsky 2009): 32x32 RGB, 100 fine / 20 coarse classes, 50000/10000; binary version (cifar-100-binary/).")]
public sealed class Cifar100Dataset(Cifar100Options options) : CifarDataset(CifarFormat.Cifar100, options, LabelByteOf(options.Labels))
{
    /// <summary>The name experiments.json uses.</summary>
    public const string Name = "cifar100";

    private static int LabelByteOf(Cifar100Labels labels) => labels switch
    {
        Cifar100Labels.Coarse => 0,
        Cifar100Labels.Fine => 1,
        var other => throw new InvalidOperationException($"{Name}: labels {other} has no label byte."),
    };
}
