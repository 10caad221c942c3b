using RegBench.Abstractions;
using RegBench.Datasets.Cifar;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Datasets.Tests;

/// <summary>The CIFAR crop + flip, checked against a reference that enumerates every crop offset and flip.</summary>
public sealed class AugmentationTests : IDisposable
{
    private const int Padding = 4;
    private readonly TempDirectory folder = new();
    private readonly DatasetSplits splits;

    public AugmentationTests()
    {
        DatasetFiles.WriteCifar10(folder.File("cifar-10-batches-bin"), perBatch: 8, testCount: 2);
        splits = new Cifar10Dataset(new CifarOptions()).Load(new DatasetLoadContext(folder.Path, 0));
        // Make columns distinguishable too (the files' pixels depend on the row only), so flips are visible.
        splits.TrainImages.add_(arange(32, ScalarType.Float32).mul_(0.01f));
    }

    private Tensor Augment(ulong seed)
    {
        using var generator = new Generator(seed);
        return splits.Augmentation!.Apply(splits.TrainImages, generator);
    }

    [Fact]
    public void The_same_seed_gives_the_same_batch_and_another_seed_another()
    {
        using var first = Augment(7);
        using var again = Augment(7);
        using var other = Augment(8);
        Assert.Equal(splits.TrainImages.shape, first.shape);
        Assert.True(first.eq(again).all().item<bool>());
        Assert.False(first.eq(other).all().item<bool>());
    }

    [Fact]
    public void Every_example_is_a_black_padded_crop_possibly_flipped_and_both_kinds_occur()
    {
        using var output = Augment(1);
        // Raw pixel 0 is at row 0 of record 0 in every channel; its normalized value is the padding colour.
        var black = splits.TrainImages.select(0, 0).select(1, 0).select(1, 0).reshape(3, 1, 1);
        var flips = 0;
        var shifts = 0;
        for (var n = 0; n < splits.TrainCount; n++)
        {
            using var scope = NewDisposeScope();
            var image = splits.TrainImages[n];
            var padded = black.expand(3, 32 + 2 * Padding, 32 + 2 * Padding).clone();
            padded.narrow(1, Padding, 32).narrow(2, Padding, 32).copy_(image);
            var match = Candidates(padded).FirstOrDefault(c => c.Crop.allclose(output[n], rtol: 0, atol: 1e-4));
            Assert.True(match.Crop is not null, $"example {n} is no crop/flip of its padded input");
            if (match.Flip) flips++;
            if (match.Offset != (Padding, Padding)) shifts++;
        }
        Assert.InRange(flips, 1, (int)splits.TrainCount - 1);
        Assert.True(shifts > 0);
    }

    private static IEnumerable<(Tensor Crop, bool Flip, (int, int) Offset)> Candidates(Tensor padded)
    {
        for (var dy = 0; dy <= 2 * Padding; dy++)
            for (var dx = 0; dx <= 2 * Padding; dx++)
            {
                var crop = padded.narrow(1, dy, 32).narrow(2, dx, 32);
                yield return (crop, false, (dy, dx));
                yield return (crop.flip(2), true, (dy, dx));
            }
    }

    public void Dispose()
    {
        splits.Dispose();
        folder.Dispose();
    }
}
