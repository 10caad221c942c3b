using RegBench.Abstractions;

namespace RegBench.Datasets.Cifar;

/// <summary>CIFAR-10: five training batches and one test batch of 10-class records.</summary>
[Dataset(Name, Description = "CIFAR-10 (Krizhevsky 2009): 32x32 RGB, 10 classes, 50000/10000; binary version (cifar-10-batches-bin/).")]
public sealed class Cifar10Dataset(CifarOptions options) : CifarDataset(CifarFormat.Cifar10, options, labelByte: 0)
{
    /// <summary>The name experiments.json uses.</summary>
    public const string Name = "cifar10";
}
