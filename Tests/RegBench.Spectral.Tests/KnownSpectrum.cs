using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>A matrix W = U·diag(s)·Vᵀ of known spectrum, with U, V random orthogonal (QR of a Gaussian) from <see cref="Seed"/>.</summary>
public sealed record KnownSpectrum(int Rows, int Cols, double[] Spectrum, int Seed, string Kind)
{
    /// <summary>σ₁.</summary>
    public double Sigma1 => Spectrum.Length == 0 ? 0 : Spectrum[0];

    /// <summary>Largest singular value strictly below σ₁ (0 when none): the σ₂ of the convergence bounds.</summary>
    public double NextBelowTop => Spectrum.FirstOrDefault(s => s < Sigma1);

    /// <summary>Multiplicity of σ₁.</summary>
    public int TopMultiplicity => Spectrum.Count(s => s == Sigma1);

    /// <summary>Builds W, U (rows × rows) and V (cols × cols), float64.</summary>
    public (Tensor W, Tensor U, Tensor V) Build()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)Seed, CPU);
        var u = RandomOrthogonal(Rows, generator);
        var v = RandomOrthogonal(Cols, generator);
        int r = Spectrum.Length;
        var s = tensor(Spectrum, ScalarType.Float64);
        var w = u[.., ..r].mul(s.unsqueeze(0)).matmul(v[.., ..r].t());
        return (w.MoveToOuterDisposeScope(), u.MoveToOuterDisposeScope(), v.MoveToOuterDisposeScope());
    }

    /// <summary>A random orthogonal n × n matrix (float64).</summary>
    public static Tensor RandomOrthogonal(int n, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (q, r) = linalg.qr(randn([n, n], ScalarType.Float64, CPU, generator: generator));
        return (q * r.diagonal().sign().unsqueeze(0)).MoveToOuterDisposeScope();
    }

    /// <summary>Shape, kind, seed and the head of the spectrum, for failure messages.</summary>
    public override string ToString()
    {
        var head = string.Join(", ", Spectrum.Take(6).Select(s => s.ToString("G6", CultureInfo.InvariantCulture)));
        return $"{Rows}×{Cols} {Kind} seed={Seed} σ=[{head}{(Spectrum.Length > 6 ? ", …" : "")}]";
    }
}

/// <summary>FsCheck generators of matrices with known spectra: shapes 1..128 (mostly small), gaps 1.0001..100, repeated σ₁, zeros.</summary>
public static class SpectrumGenerators
{
    /// <summary>Matrix side lengths: mostly ≤ 16, sometimes up to 128.</summary>
    public static Gen<int> Side { get; } = Gen.Frequency((6, Gen.Choose(1, 16)), (3, Gen.Choose(17, 48)), (1, Gen.Choose(49, 128)));

    /// <summary>Gap σ₁/σ₂ between the top value and the rest.</summary>
    public static Gen<double> Gap { get; } = Gen.Elements(1.0001, 1.01, 1.1, 1.5, 2.0, 10.0, 100.0);

    /// <summary>Any known-spectrum case, including repeated σ₁, tails of zeros and the zero matrix.</summary>
    public static Arbitrary<KnownSpectrum> Any { get; } = Arb.From(Cases(allowZeroMatrix: true, Gap));

    /// <summary>Nonzero cases whose gap lies in <paramref name="gaps"/>.</summary>
    public static Arbitrary<KnownSpectrum> NonZero(Gen<double> gaps) => Arb.From(Cases(allowZeroMatrix: false, gaps));

    /// <summary>Top values piled within <c>width</c> above 1 (the target), then a gap-free continuum in (0, 1] below.</summary>
    public static Gen<KnownSpectrum> Piled(int minSide, int maxSide) =>
        from rows in Gen.Choose(minSide, maxSide)
        from extra in Gen.Choose(0, 20)
        from piled in Gen.Choose(2, 12)
        from width in Gen.Elements(1e-5, 1e-4, 1e-3, 1e-2)
        from fractions in Gen.ArrayOf(Gen.Choose(1, 1000), rows)
        from seed in Gen.Choose(0, int.MaxValue)
        select new KnownSpectrum(rows, rows + extra,
            fractions.Select((f, i) => i < piled ? 1 + width * f / 1000.0 : f / 1000.0).OrderByDescending(s => s).ToArray(), seed, $"piled{piled}±{width:E0}");

    private static Gen<KnownSpectrum> Cases(bool allowZeroMatrix, Gen<double> gaps) =>
        from rows in Side
        from cols in Side
        from kind in allowZeroMatrix
            ? Gen.Frequency((4, Gen.Constant("gap")), (2, Gen.Constant("repeated")), (2, Gen.Constant("zeros")), (1, Gen.Constant("zero-matrix")))
            : Gen.Elements("gap", "repeated", "zeros")
        from gap in gaps
        from scaleExponent in Gen.Choose(-3, 3)
        from repeats in Gen.Choose(2, 4)
        from zeroFraction in Gen.Choose(1, 3)
        from fractions in Gen.ArrayOf(Gen.Choose(0, 1000), Math.Min(rows, cols))
        from seed in Gen.Choose(0, int.MaxValue)
        select new KnownSpectrum(rows, cols, MakeSpectrum(Math.Min(rows, cols), kind, gap, Math.Pow(10, scaleExponent), repeats, zeroFraction, fractions), seed, kind);

    private static double[] MakeSpectrum(int r, string kind, double gap, double sigma1, int repeats, int zeroFraction, int[] fractions)
    {
        var s = new double[r];
        if (kind == "zero-matrix")
        {
            return s;
        }
        int top = kind == "repeated" ? Math.Min(repeats, r) : 1;
        double sigma2 = sigma1 / gap;
        for (int i = 0; i < r; i++)
        {
            // Below the top block: σ₂ exactly, then values spread in (0, σ₂].
            s[i] = i < top ? sigma1 : i == top ? sigma2 : sigma2 * Math.Max(fractions[i], 1) / 1000.0;
        }
        if (kind == "zeros")
        {
            int zeros = r * zeroFraction / 4;
            for (int i = r - zeros; i < r; i++)
            {
                s[i] = i == 0 ? s[i] : 0;
            }
        }
        return s.OrderByDescending(x => x).ToArray();
    }
}
