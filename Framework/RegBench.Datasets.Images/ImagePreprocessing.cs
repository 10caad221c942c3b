using static TorchSharp.torch;

namespace RegBench.Datasets.Images;

/// <summary>uint8 images to float in [0, 1], normalized per channel with the training split's mean and standard deviation.</summary>
public static class ImagePreprocessing
{
    /// <summary>Normalizes both splits in place with the training split's per-channel statistics; returns the value raw 0 maps to.</summary>
    public static float[] NormalizePerChannel(Tensor train, Tensor test)
    {
        using var scope = NewDisposeScope();
        var mean = train.mean([0L, 2L, 3L], keepdim: true);
        var std = train.std([0L, 2L, 3L], keepdim: true).clamp_min_(1e-6);
        train.sub_(mean).div_(std);
        test.sub_(mean).div_(std);
        return mean.neg().div_(std).flatten().data<float>().ToArray();
    }

    /// <summary>(N, C, H, W) uint8 → float32 in [0, 1].</summary>
    public static Tensor ToUnitFloat(Tensor bytes) => bytes.to_type(ScalarType.Float32).div_(255f);
}
