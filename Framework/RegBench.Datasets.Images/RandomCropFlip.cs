using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Datasets.Images;

/// <summary>
/// The standard CIFAR/STL-10 training augmentation, vectorized: pad by <paramref name="padding"/> pixels of black
/// (raw 0, i.e. <paramref name="fill"/> per channel after normalization), crop back to H×W at a random offset and flip
/// horizontally with probability ½. One gather does both: column j of example n reads padded column
/// dx[n] + (flip[n] ? W − 1 − j : j). All randomness comes from the generator.
/// </summary>
public sealed class RandomCropFlip(int padding, float[] fill) : IBatchAugmentation
{
    /// <inheritdoc />
    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var paddedWidth = w + 2 * padding;
        var fillValue = tensor(fill).view(1, c, 1, 1).to(images.device);
        var padded = nn.functional.pad(images.sub(fillValue), [padding, padding, padding, padding]).add_(fillValue).flatten(2);
        var dy = randint(0, 2 * padding + 1, [n, 1], ScalarType.Int64, generator: generator);
        var dx = randint(0, 2 * padding + 1, [n, 1], ScalarType.Int64, generator: generator);
        var flip = randint(0, 2, [n, 1], ScalarType.Int64, generator: generator);
        var j = arange(w, ScalarType.Int64).unsqueeze(0);
        var rows = dy.add(arange(h, ScalarType.Int64).unsqueeze(0));
        var cols = dx.add(j).add_(flip.mul(j.mul(-2).add_(w - 1)));
        var index = rows.unsqueeze(2).mul(paddedWidth).add(cols.unsqueeze(1)).view(n, 1, h * w).expand(n, c, h * w).to(images.device);
        return padded.gather(2, index).view(n, c, h, w).MoveToOuterDisposeScope();
    }
}
