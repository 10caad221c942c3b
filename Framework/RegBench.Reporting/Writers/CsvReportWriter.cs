using System.Text;

namespace RegBench.Reporting.Writers;

/// <summary>csv/&lt;table&gt;.csv: each table's numbers in long form (RFC 4180, invariant culture) for other tools.</summary>
public sealed class CsvReportWriter : IReportWriter
{
    /// <inheritdoc />
    public string Format => "csv";

    /// <inheritdoc />
    public IReadOnlyList<string> Write(Report report, string directory)
    {
        var folder = Directory.CreateDirectory(Path.Combine(directory, "csv")).FullName;
        var written = new List<string>();
        foreach (var table in report.Tables)
        {
            var text = new StringBuilder(Line(table.DataHeader));
            foreach (var row in table.DataRows) text.Append(Line(row));
            var path = Path.Combine(folder, table.Id + ".csv");
            File.WriteAllText(path, text.ToString());
            written.Add(path);
        }
        return written;
    }

    private static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote)) + "\n";

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
