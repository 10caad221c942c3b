using System.Globalization;
using System.Text;

namespace RegBench.Results.Export;

/// <summary>
/// RFC 4180 CSV: a header row, CRLF line ends, fields with a comma, quote, CR or LF quoted with inner quotes doubled,
/// numbers in the invariant culture (round-trip precision), NULL as an empty field.
/// </summary>
public sealed class CsvTableWriter : ITableWriter
{
    /// <inheritdoc />
    public string Format => "csv";

    /// <inheritdoc />
    public void Write(StoreTable table, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(',', table.Columns.Select(Quote)));
        foreach (var row in table.Rows)
            writer.WriteLine(string.Join(',', row.Select(Field)));
    }

    /// <summary>The CSV field of one value.</summary>
    public static string Field(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    /// <summary>Quotes <paramref name="text"/> when RFC 4180 requires it.</summary>
    public static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
