// RegBench.Experiments (netstandard2.0): referenced by RegBench.Engine and loaded beside the experiment-matrix generator.
namespace RegBench.Experiments;

/// <summary>A located configuration error, printed as "file:line:col: error RB1001: message".</summary>
public sealed record ConfigurationError(string File, int Line, int Column, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: error {Code}: {Message}" : $"{File}: error {Code}: {Message}";
}
