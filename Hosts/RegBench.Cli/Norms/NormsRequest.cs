namespace RegBench.Cli.Norms;

/// <summary>How `regbench norms` measures a weight.</summary>
public enum NormsMethod
{
    /// <summary>Exact singular values of the matrix (a 4-D kernel: its reshaped view).</summary>
    Svd,
    /// <summary>σ₁ of the matrix (or reshaped view) by power iteration.</summary>
    Power,
    /// <summary>Exact singular values of a 4-D kernel viewed as out × in·kh·kw.</summary>
    Reshaped,
    /// <summary>σ₁ of the true zero-padded, strided conv operator on C×H×W inputs by power iteration.</summary>
    Operator,
    /// <summary>Every singular value of the circular stride-1 convolution on n×n inputs (FFT).</summary>
    Fft,
}

/// <summary>What the user asked for; null means the option was not given.</summary>
public sealed record NormsRequest(NormsMethod Method, (int Height, int Width)? InputSize = null, int? Stride = null, int? Padding = null, int MaxIterations = 2000)
{
    /// <summary>Relative residual ‖Av − σu‖/σ at which power iteration stops (float64 throughout).</summary>
    public const double RelativeTolerance = 1e-8;

    /// <summary>Parses "H,W" (or "N" for N,N); null when <paramref name="text"/> is null.</summary>
    public static (int Height, int Width)? ParseInputSize(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(',', 'x', 'X').Select(p => p.Trim()).ToArray();
        if (parts.Length is 1 or 2 && parts.All(p => int.TryParse(p, out var v) && v > 0))
            return (int.Parse(parts[0]), int.Parse(parts[^1]));
        throw new ArgumentException($"--input-size '{text}' is not H,W (two positive integers, e.g. 32,32) or N for N,N.");
    }
}
