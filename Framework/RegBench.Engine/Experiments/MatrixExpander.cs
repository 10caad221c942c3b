namespace RegBench.Engine.Experiments;

/// <summary>Expands a profile into its cells: the cartesian product in a stable order (dataset, architecture, regularizer, batch size, seed).</summary>
public static class MatrixExpander
{
    /// <summary>Every cell of <paramref name="profile"/>, with <paramref name="epochsOverride"/> replacing the profile's epochs when given.</summary>
    public static IReadOnlyList<CellSpec> Expand(ExperimentProfile profile, int? epochsOverride = null) =>
        (from dataset in profile.Datasets
         from architecture in profile.Architectures
         from regularizer in profile.Regularizers
         from batchSize in profile.BatchSizes
         from seed in profile.Seeds
         select new CellSpec(profile.Name, dataset, architecture, regularizer, seed, batchSize,
             epochsOverride ?? profile.Epochs, profile.Optimizer.ForBatchSize(batchSize), profile.Schedule, profile.Init) { GapThreshold = profile.GapThresholdFor(batchSize), SpectrumEvery = profile.SpectrumEvery }).ToList();
}
