// Shared source: compiled into RegBench.Engine and, linked, into the experiment-matrix generator (netstandard2.0).
#if REGBENCH_GENERATOR
namespace RegBench.Generators.Experiments;
#else
namespace RegBench.Engine.Experiments;
#endif

/// <summary>A located configuration error, printed as "file:line:col: error RB1001: message".</summary>
public sealed record ConfigurationError(string File, int Line, int Column, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: error {Code}: {Message}" : $"{File}: error {Code}: {Message}";
}
