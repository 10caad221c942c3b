namespace RegBench.Results.Export;

/// <summary>The results tables `regbench export` writes, named as in the store.</summary>
public enum ExportTable
{
    /// <summary>One row per cell and epoch, with the regularizer's metrics flattened into `extra.*` columns.</summary>
    Epochs,
    /// <summary>One row per cell, epoch and weight layer.</summary>
    Layers,
    /// <summary>One row per cell of the matrix.</summary>
    Cells,
}

/// <summary>
/// A tidy long-form table read from the store: column names as documented in the README ("Results"), one value per
/// column in each row. Values are <see cref="long"/>, <see cref="double"/>, <see cref="string"/>, <see cref="bool"/> or null.
/// </summary>
public sealed record StoreTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>Writes a <see cref="StoreTable"/> in one file format (CSV, JSON, …).</summary>
public interface ITableWriter
{
    /// <summary>The format's name on the command line ("csv", "json").</summary>
    string Format { get; }

    /// <summary>Writes <paramref name="table"/> to <paramref name="output"/> (left open).</summary>
    void Write(StoreTable table, Stream output);
}
