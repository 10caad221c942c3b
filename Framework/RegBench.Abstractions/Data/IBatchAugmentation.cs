using static TorchSharp.torch;

namespace RegBench.Abstractions;

/// <summary>
/// Training-time augmentation applied by the engine to each training batch (never to test data), e.g. random crop
/// with padding and horizontal flip. Must be a function of the batch and the generator only, so runs are repeatable.
/// </summary>
public interface IBatchAugmentation
{
    /// <summary>Returns the augmented batch (N, C, H, W); draws randomness only from <paramref name="generator"/>.</summary>
    Tensor Apply(Tensor images, Generator generator);
}
