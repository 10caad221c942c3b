using System.Text;
using RegBench.Reporting.Tables;

namespace RegBench.Reporting.Writers;

/// <summary>report.md: header, tables (GitHub pipe tables, best in bold, footnotes), figures linked from figures/.</summary>
public sealed class MarkdownReportWriter : ReportWriterBase
{
    /// <inheritdoc />
    public override string Format => "md";

    /// <inheritdoc />
    public override IReadOnlyList<string> Write(Report report, string directory)
    {
        var path = Path.Combine(directory, "report.md");
        File.WriteAllText(path, Render(report));
        return [path];
    }

    /// <summary>The Markdown text of the report.</summary>
    public static string Render(Report report)
    {
        var text = new StringBuilder("# RegBench report\n\n");
        foreach (var (label, value) in HeaderLines(report.Header)) text.Append($"- **{label}:** {value}\n");
        foreach (var note in report.Notes) text.Append($"\n> {note}\n");
        foreach (var table in report.Tables) text.Append('\n').Append(Table(table));
        foreach (var section in Sections(report))
        {
            text.Append($"\n## {section.Key}\n");
            foreach (var figure in section) text.Append($"\n![{figure.Title}]({figure.RelativePath})\n\n*{figure.Title}.* {figure.Caption}\n");
        }
        return text.ToString();
    }

    /// <summary>One table: title, caption, pipe table, footnotes.</summary>
    public static string Table(ReportTable table)
    {
        var text = new StringBuilder($"## {table.Title}\n\n{table.Caption}\n\n");
        text.Append("| ").Append(string.Join(" | ", table.Header.Select(Escape))).Append(" |\n");
        text.Append('|').Append(string.Join('|', table.Header.Select(_ => "---"))).Append("|\n");
        foreach (var row in table.Rows)
            text.Append("| ").Append(string.Join(" | ", row.Select(c => c.Bold && c.Text.Length > 0 ? $"**{Escape(c.Text)}**" : Escape(c.Text)))).Append(" |\n");
        if (table.Footnotes.Count > 0) text.Append('\n').Append(string.Join("\n", table.Footnotes.Select(f => f + "  "))).Append('\n');
        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("*", "\\*");
}
