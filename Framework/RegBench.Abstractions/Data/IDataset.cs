namespace RegBench.Abstractions;

/// <summary>A dataset plugin: its shape without files, and a loader that returns the whole dataset as tensors.</summary>
public interface IDataset
{
    /// <summary>Shape of examples and number of classes; needs no files.</summary>
    DataShape Shape { get; }

    /// <summary>Loads train and test splits; throws <see cref="DatasetException"/> with file, expectation and fix on failure.</summary>
    DatasetSplits Load(DatasetLoadContext context);
}
