using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary><see cref="RitzAlgebra"/>: the symmetric eigendecomposition against its definition, and Gram–Schmidt's orthonormality.</summary>
public sealed unsafe class RitzAlgebraProperties
{
    /// <summary>Symmetric k × k matrices Q diag(λ) Qᵀ with repeated, clustered, zero and negative eigenvalues.</summary>
    private static Gen<(int K, double[] Values, int Seed)> Symmetric { get; } =
        from k in Gen.Choose(1, 48)
        from kind in Gen.Elements("spread", "repeated", "clustered", "zero")
        from fractions in Gen.ArrayOf(Gen.Choose(-1000, 1000), k)
        from seed in Gen.Choose(0, int.MaxValue)
        select (k, fractions.Select((f, i) => kind switch
        {
            "repeated" => i < 3 ? 2.0 : f / 1000.0,
            "clustered" => i < 4 ? 1 + 1e-9 * i : f / 1e6,
            "zero" => 0.0,
            _ => f / 100.0,
        }).ToArray(), seed);

    [Property(Replay = "(20261206,9)", MaxTest = 60)]
    public Property Symmetric_eigen_gives_descending_values_and_orthonormal_vectors_with_A_V_equal_V_Lambda() =>
        Prop.ForAll(Arb.From(Symmetric), c =>
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)c.Seed, CPU);
            int k = c.K;
            var q = KnownSpectrum.RandomOrthogonal(k, generator);
            var a = q.mul(tensor(c.Values).unsqueeze(0)).mm(q.t());
            a = (a + a.t()) / 2;
            var matrix = a.contiguous().data<double>().ToArray();
            var values = new double[k];
            var vectors = new double[k * k];
            var original = (double[])matrix.Clone();
            var scratch = new double[k];
            fixed (double* pa = matrix, pv = values, pq = vectors, ps = scratch) RitzAlgebra.SymmetricEigen(pa, k, pv, pq, ps);
            Assert.Equal(original, matrix); // read only
            var v = tensor(vectors, [k, k]);
            double norm = Math.Max(c.Values.Max(Math.Abs), 1e-300);
            var residual = (a.mm(v) - v * tensor(values).unsqueeze(0)).abs().max().item<double>();
            var orthogonality = (v.t().mm(v) - eye(k, dtype: ScalarType.Float64)).abs().max().item<double>();
            var expected = c.Values.OrderByDescending(x => x).ToArray();
            for (int i = 0; i < k; i++)
            {
                Assert.True(i == 0 || values[i] <= values[i - 1], $"k={k}: values not descending at {i}");
                Assert.True(Math.Abs(values[i] - expected[i]) <= 1e-12 * norm, $"k={k}: λ{i} = {values[i]:R}, expected {expected[i]:R}");
            }
            Assert.True(residual <= 1e-12 * norm, $"k={k}: ‖A V − V Λ‖max = {residual:E3}");
            Assert.True(orthogonality <= 1e-12, $"k={k}: ‖VᵀV − I‖max = {orthogonality:E3}");
        });

    [Fact]
    public void A_non_finite_matrix_gives_NaN_eigenvalues_rather_than_a_hang()
    {
        var matrix = new[] { 1.0, double.NaN, double.NaN, 2.0 };
        var (values, vectors, scratch) = (new double[2], new double[4], new double[2]);
        fixed (double* pa = matrix, pv = values, pq = vectors, ps = scratch) RitzAlgebra.SymmetricEigen(pa, 2, pv, pq, ps);
        Assert.All(values, v => Assert.True(double.IsNaN(v)));
        Assert.Equal([1.0, 0, 0, 1], vectors);
    }

    [Property(Replay = "(20261206,11)", MaxTest = 40)]
    public Property Orthonormalize_makes_rows_orthonormal_even_inside_the_span_or_zero() =>
        Prop.ForAll(Arb.From(Gen.Choose(2, 40)), Arb.From(Gen.Elements("random", "inside", "zero")), Arb.From(Gen.Choose(0, int.MaxValue)), (n, kind, seed) =>
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)seed, CPU);
            int k = Math.Max(1, n / 2);
            var rows = randn([k + 1, n], ScalarType.Float64, CPU, generator: generator);
            if (kind == "inside") rows[k] = rows[0] * 2 - rows[k - 1];
            if (kind == "zero") rows[k] = zeros(n, ScalarType.Float64);
            var data = rows.contiguous().data<double>().ToArray();
            fixed (double* p = data)
            {
                for (int r = 0; r <= k; r++) RitzAlgebra.Orthonormalize(p, r, n);
            }
            var q = tensor(data, [k + 1, n]);
            var error = (q.mm(q.t()) - eye(k + 1, dtype: ScalarType.Float64)).abs().max().item<double>();
            Assert.True(error <= 1e-12, $"n={n} {kind}: ‖Q Qᵀ − I‖max = {error:E3}");
        });
}
