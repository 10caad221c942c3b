using static TorchSharp.torch;

namespace RegBench.Abstractions;

/// <summary>What an architecture needs to build a model: the data shape, the layer factory and a seeded generator.</summary>
/// <param name="Data">Input shape and number of classes.</param>
/// <param name="Layers">Creates every weight layer; use it for all Linear/Conv layers.</param>
/// <param name="Generator">Seeded generator for anything random the architecture does itself.</param>
public sealed record ModelContext(DataShape Data, ILayerFactory Layers, Generator Generator);
