using RegBench.Abstractions;

namespace RegBench.Engine.Running;

/// <summary>A dataset loaded for a run: its tensors, shape, and what was really used (recorded as cells.dataset_used).</summary>
public sealed record ResolvedDataset(DatasetSplits Splits, DataShape Shape, string Used);
