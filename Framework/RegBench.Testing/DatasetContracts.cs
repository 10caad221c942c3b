using FsCheck;
using FsCheck.Fluent;
using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Testing;

/// <summary>What every dataset must do without files, and the check of <see cref="Invariant.LoadsWithoutFilesAttribute"/>.</summary>
public static class DatasetContracts
{
    /// <summary>The dataset's Shape is known without reading files: positive channels, height and width, and at least two classes.</summary>
    public static void ShapeIsKnownWithoutFiles(PluginUnderTest plugin)
    {
        var shape = Create(plugin).Shape;
        if (shape is null || shape.Channels < 1 || shape.Height < 1 || shape.Width < 1 || shape.Classes < 2)
            throw new ContractViolationException($"{plugin.Label}: Shape is {shape?.ToString() ?? "null"}; it needs channels, height and width ≥ 1 and ≥ 2 classes.");
    }

    /// <summary><see cref="Invariant.LoadsWithoutFilesAttribute"/>, for load seeds drawn by FsCheck.</summary>
    public static Property LoadMatchesShape(PluginUnderTest plugin) =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed => CheckLoadMatchesShape(plugin, seed));

    /// <inheritdoc cref="LoadMatchesShape"/>
    public static void CheckLoadMatchesShape(PluginUnderTest plugin, int seed) => ContractScope.Run(() =>
    {
        var dataset = Create(plugin);
        var shape = dataset.Shape;
        using var splits = dataset.Load(new DatasetLoadContext(DataDirectory: null, Seed: seed));
        void Fail(string what) => throw new ContractViolationException($"{plugin.Label}, load seed {seed}: {what}.");
        foreach (var (split, images, labels) in new[] { ("train", splits.TrainImages, splits.TrainLabels), ("test", splits.TestImages, splits.TestLabels) })
        {
            if (images.dtype != ScalarType.Float32 || labels.dtype != ScalarType.Int64)
                Fail($"{split} images are {images.dtype} and labels {labels.dtype}; expected Float32 and Int64");
            long count = labels.shape.Length == 1 ? labels.shape[0] : -1;
            if (count < 1 || !images.shape.SequenceEqual([count, shape.Channels, shape.Height, shape.Width]))
                Fail($"{split} images have shape [{string.Join(", ", images.shape)}] and labels [{string.Join(", ", labels.shape)}]; " +
                     $"expected [N, {shape.Channels}, {shape.Height}, {shape.Width}] and [N] with N ≥ 1 (Shape is {shape})");
            if (!TensorChecks.AllFinite(images)) Fail($"{split} images have NaN/Inf values");
            using var low = labels.min();
            using var high = labels.max();
            if (low.item<long>() < 0 || high.item<long>() >= shape.Classes)
                Fail($"{split} labels span [{low.item<long>()}, {high.item<long>()}], outside [0, {shape.Classes})");
        }
    });

    private static IDataset Create(PluginUnderTest plugin) =>
        plugin.Create() as IDataset ?? throw new ContractViolationException($"{plugin.Label}: the manifest did not create an IDataset.");
}
