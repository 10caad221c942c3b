namespace RegBench.Results.Export;

/// <summary>
/// Exports one store table in one format to a file or a stream. A file is written to a temp file beside it and
/// renamed over the target, so a failed export never leaves half a file (and an existing file stays intact).
/// </summary>
public sealed class TableExporter(IReadOnlyList<ITableWriter> writers)
{
    /// <summary>CSV and JSON.</summary>
    public TableExporter() : this([new CsvTableWriter(), new JsonTableWriter()]) { }

    /// <summary>The format names, e.g. for the command line's allowed values.</summary>
    public IReadOnlyList<string> Formats => [.. writers.Select(w => w.Format)];

    /// <summary>Writes <paramref name="table"/> of the store at <paramref name="databasePath"/> to <paramref name="outputPath"/> atomically.</summary>
    public StoreTable ExportToFile(string databasePath, ExportTable table, string format, string outputPath)
    {
        var writer = WriterFor(format);
        var rows = StoreTableReader.Read(databasePath, table);
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(outputPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                writer.Write(rows, stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, outputPath, overwrite: true);
            return rows;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="table"/> of the store at <paramref name="databasePath"/> to <paramref name="output"/> (e.g. stdout).</summary>
    public StoreTable ExportToStream(string databasePath, ExportTable table, string format, Stream output)
    {
        var writer = WriterFor(format);
        var rows = StoreTableReader.Read(databasePath, table);
        writer.Write(rows, output);
        output.Flush();
        return rows;
    }

    private ITableWriter WriterFor(string format) =>
        writers.FirstOrDefault(w => string.Equals(w.Format, format, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown export format '{format}'; use one of: {string.Join(", ", Formats)}.");
}
