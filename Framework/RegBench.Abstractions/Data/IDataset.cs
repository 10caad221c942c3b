namespace RegBench.Abstractions;

/// <summary>A dataset plugin: its shape without files, and a loader that returns the whole dataset as tensors.</summary>
public interface IDataset
{
    /// <summary>Shape of examples and number of classes; needs no files.</summary>
    DataShape Shape { get; }

    /// <summary>
    /// The examples <see cref="Load"/> will return, when known without reading files; null when unknown. Validation checks
    /// batch sizes against the training split and the dataset's tensors against the machine's memory with it.
    /// </summary>
    DatasetSize? Size => null;

    /// <summary>Loads train and test splits; throws <see cref="DatasetException"/> with file, expectation and fix on failure.</summary>
    DatasetSplits Load(DatasetLoadContext context);
}
