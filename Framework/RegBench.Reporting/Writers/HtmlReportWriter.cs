using System.Text;
using RegBench.Reporting.Tables;

namespace RegBench.Reporting.Writers;

/// <summary>
/// report.html: one self-contained page (figures embedded as PNG data URIs, inline CSS, no network) with the same
/// content as report.md. A small script records whether every figure decoded (#render-check) and any script error (#errors).
/// </summary>
public sealed class HtmlReportWriter : ReportWriterBase
{
    /// <inheritdoc />
    public override string Format => "html";

    /// <inheritdoc />
    public override IReadOnlyList<string> Write(Report report, string directory)
    {
        var path = Path.Combine(directory, "report.html");
        File.WriteAllText(path, Render(report, directory));
        return [path];
    }

    /// <summary>The HTML page; figures are read from <paramref name="directory"/> and embedded.</summary>
    public static string Render(Report report, string directory)
    {
        var html = new StringBuilder("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>RegBench report</title>
            <script>window.onerror = function (m) { var e = document.getElementById('errors'); if (e) { e.hidden = false; e.textContent += m + '\n'; } };</script>
            <style>
            body { font-family: sans-serif; margin: 2em auto; max-width: 1300px; color: #222; }
            table { border-collapse: collapse; margin: 0.5em 0; font-size: 14px; }
            th, td { border: 1px solid #bbb; padding: 4px 8px; text-align: left; vertical-align: top; }
            th { background: #eee; } td.best { font-weight: bold; background: #f3f8ff; }
            figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
            figcaption { font-size: 14px; color: #444; } .footnote { font-size: 13px; color: #555; margin: 0; }
            dl { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; } dt { font-weight: bold; }
            </style></head><body>
            <h1>RegBench report</h1>
            <pre id="errors" hidden></pre>

            """);
        html.Append("<dl>\n");
        foreach (var (label, value) in HeaderLines(report.Header)) html.Append($"<dt>{E(label)}</dt><dd>{E(value)}</dd>\n");
        html.Append("</dl>\n");
        foreach (var note in report.Notes) html.Append($"<p><em>{E(note)}</em></p>\n");
        foreach (var table in report.Tables) html.Append(Table(table));
        foreach (var section in Sections(report))
        {
            html.Append($"<h2>{E(section.Key)}</h2>\n");
            foreach (var figure in section)
            {
                var data = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(directory, figure.RelativePath)));
                html.Append($"<figure><img class=\"figure\" alt=\"{E(figure.Title)}\" src=\"data:image/png;base64,{data}\">" +
                            $"<figcaption><strong>{E(figure.Title)}.</strong> {E(figure.Caption)}</figcaption></figure>\n");
            }
        }
        html.Append("""
            <p id="render-check" hidden></p>
            <script>
            window.addEventListener('load', function () {
              var images = Array.prototype.slice.call(document.querySelectorAll('img.figure'));
              var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });
              document.getElementById('render-check').textContent = 'images=' + images.length + ' broken=' + broken.length;
            });
            </script>
            </body></html>

            """);
        return html.ToString();
    }

    private static string Table(ReportTable table)
    {
        var html = new StringBuilder($"<h2>{E(table.Title)}</h2>\n<p>{E(table.Caption)}</p>\n<table id=\"table-{table.Id}\"><thead><tr>");
        foreach (var header in table.Header) html.Append($"<th>{E(header)}</th>");
        html.Append("</tr></thead><tbody>\n");
        foreach (var row in table.Rows)
            html.Append("<tr>").Append(string.Concat(row.Select(c => c.Bold ? $"<td class=\"best\">{E(c.Text)}</td>" : $"<td>{E(c.Text)}</td>"))).Append("</tr>\n");
        html.Append("</tbody></table>\n");
        foreach (var footnote in table.Footnotes) html.Append($"<p class=\"footnote\">{E(footnote)}</p>\n");
        return html.ToString();
    }

    private static string E(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
