using System.Text;

namespace RegBench.Generators;

/// <summary>Builds generated source line by line with four-space indentation and '\n' line ends.</summary>
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
