using System.Text;

namespace RegBench.Generators;

/// <summary>Indented source text for the emitters.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder text = new();
    private int indent;

    public void Line(string line = "")
    {
        if (line.Length > 0) text.Append(' ', indent * 4).Append(line);
        text.Append('\n');
    }

    public void Open()
    {
        Line("{");
        indent++;
    }

    public void Close(string closing = "}")
    {
        indent--;
        Line(closing);
    }

    public override string ToString() => text.ToString();
}
