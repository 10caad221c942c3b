namespace RegBench.Abstractions;

/// <summary>What a dataset plugin needs to load: an explicit data directory (from --data-dir), if any, and the seed.</summary>
/// <param name="DataDirectory">Directory given by the user, searched first; null to use the plugin's search order.</param>
/// <param name="Seed">Seed for anything random in loading (synthetic data, subsampling).</param>
public sealed record DatasetLoadContext(string? DataDirectory, long Seed);
