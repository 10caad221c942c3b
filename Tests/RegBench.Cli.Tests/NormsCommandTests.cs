using System.Text.Json;

namespace RegBench.Cli.Tests;

/// <summary>`regbench norms` on .npy files with known spectra, against dense operators built in the test, and its errors.</summary>
public sealed class NormsCommandTests : IDisposable
{
    private static readonly double[] Spectrum = [5, 3, 2, 1, 0];
    private readonly TempDirectory folder = new();

    private JsonElement Norms(params string[] args)
    {
        var result = Regbench.Run(folder.Path, ["norms", .. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }

    private static double[] Values(JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    [Theory]
    [InlineData(false, 1e-12)]
    [InlineData(true, 1e-6)]
    public void Svd_recovers_a_chosen_spectrum_and_its_statistics_in_float64_and_float32(bool float32, double relativeTolerance)
    {
        NpyWriter.Write(folder.File("w.npy"), [7, 5], DenseReference.WithSpectrum(7, 5, Spectrum, seed: 1), float32);

        var json = Norms("w.npy");

        Assert.Equal(float32 ? "float32" : "float64", json.GetProperty("dtype").GetString());
        Assert.Equal(Spectrum, Values(json, "singular_values"), (a, b) => Math.Abs(a - b) <= relativeTolerance * 5);
        Assert.Equal(5, json.GetProperty("sigma_max").GetDouble(), 5 * relativeTolerance);
        Assert.Equal(Math.Sqrt(39), json.GetProperty("frobenius").GetDouble(), 5 * relativeTolerance);
        Assert.Equal(39.0 / 25, json.GetProperty("stable_rank").GetDouble(), 10 * relativeTolerance);
        var p = Spectrum.Where(s => s > 0).Select(s => s / 11).ToArray();
        Assert.Equal(Math.Exp(-p.Sum(x => x * Math.Log(x))), json.GetProperty("effective_rank").GetDouble(), 10 * relativeTolerance);
        Assert.Equal(4, json.GetProperty("numerical_rank").GetInt32());
        Assert.False(json.TryGetProperty("iterations", out _));
    }

    [Fact]
    public void Power_estimates_sigma1_of_a_float32_matrix_reports_convergence_and_leaves_full_spectrum_ranks_null()
    {
        NpyWriter.Write(folder.File("w.npy"), [7, 5], DenseReference.WithSpectrum(7, 5, Spectrum, seed: 2), float32: true);

        var json = Norms("w.npy", "--method", "power");

        Assert.Equal(5, json.GetProperty("sigma_max").GetDouble(), 5e-6);
        Assert.Equal([json.GetProperty("sigma_max").GetDouble()], Values(json, "singular_values"));
        Assert.True(json.GetProperty("converged").GetBoolean());
        Assert.InRange(json.GetProperty("iterations").GetInt32(), 1, 2000);
        Assert.InRange(json.GetProperty("residual").GetDouble(), 0, 1e-8);
        Assert.Equal(Math.Sqrt(39), json.GetProperty("frobenius").GetDouble(), 5e-6);
        Assert.Equal(39.0 / 25, json.GetProperty("stable_rank").GetDouble(), 1e-5);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("effective_rank").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("numerical_rank").ValueKind);
    }

    [Fact]
    public void A_4d_kernel_is_measured_as_its_out_by_in_kh_kw_matrix_by_svd_and_reshaped()
    {
        // Rows of a 3 × 8 matrix with spectrum (4, 2, 1) are the flattened (in=2, kh=2, kw=2) filters of 3 output channels.
        NpyWriter.Write(folder.File("k.npy"), [3, 2, 2, 2], DenseReference.WithSpectrum(3, 8, [4, 2, 1], seed: 3));

        foreach (var method in new[] { "svd", "reshaped" })
        {
            var json = Norms("k.npy", "--method", method);
            Assert.Equal([4.0, 2.0, 1.0], Values(json, "singular_values"), (a, b) => Math.Abs(a - b) < 1e-12);
            Assert.Equal(3, json.GetProperty("rows").GetInt64());
            Assert.Equal(8, json.GetProperty("cols").GetInt64());
        }
    }

    [Fact]
    public void Operator_matches_sigma1_and_frobenius_of_the_dense_zero_padded_strided_conv()
    {
        var kernel = DenseReference.Gaussian(3 * 2 * 3 * 3, seed: 4);
        NpyWriter.Write(folder.File("k.npy"), [3, 2, 3, 3], kernel);
        var (dense, rows, cols) = DenseReference.ZeroPaddedConv(kernel, 3, 2, 3, height: 7, width: 6, stride: 2, padding: 1);
        var reference = DenseReference.SingularValues(dense, rows, cols);

        var json = Norms("k.npy", "--method", "operator", "--input-size", "7,6", "--stride", "2", "--padding", "1");

        Assert.True(json.GetProperty("converged").GetBoolean(), json.ToString());
        Assert.Equal(reference[0], json.GetProperty("sigma_max").GetDouble(), 1e-9 * reference[0]);
        Assert.Equal(Math.Sqrt(dense.Sum(x => x * x)), json.GetProperty("frobenius").GetDouble(), 1e-9);
        Assert.Equal((long)rows, json.GetProperty("rows").GetInt64());
        Assert.Equal((long)cols, json.GetProperty("cols").GetInt64());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("numerical_rank").ValueKind);
    }

    [Fact]
    public void Fft_gives_every_singular_value_of_the_dense_circular_conv()
    {
        var kernel = DenseReference.Gaussian(2 * 3 * 3 * 3, seed: 5);
        NpyWriter.Write(folder.File("k.npy"), [2, 3, 3, 3], kernel, float32: true);
        var widened = kernel.Select(v => (double)(float)v).ToArray();
        var (dense, rows, cols) = DenseReference.CircularConv(widened, 2, 3, 3, n: 5);
        var reference = DenseReference.SingularValues(dense, rows, cols);

        var json = Norms("k.npy", "--method", "fft", "--input-size", "5");

        Assert.Equal(reference, Values(json, "singular_values"), (a, b) => Math.Abs(a - b) < 1e-9 * reference[0]);
        Assert.Equal(5 * Math.Sqrt(widened.Sum(x => x * x)), json.GetProperty("frobenius").GetDouble(), 1e-9);
        Assert.Equal(2 * 25, json.GetProperty("numerical_rank").GetInt32());
    }

    [Fact]
    public void Plain_output_names_the_file_the_view_and_each_statistic()
    {
        NpyWriter.Write(folder.File("w.npy"), [7, 5], DenseReference.WithSpectrum(7, 5, Spectrum, seed: 1), version: 2);

        var result = Regbench.Run(folder.Path, "norms", "w.npy");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{folder.File("w.npy")}: float64 (7, 5), method svd: matrix (7 × 5)", result.Output);
        Assert.Matches(@"sigma_max\s+5\b", result.Output);
        Assert.Matches(@"numerical_rank\s+4", result.Output);
    }

    [Theory]
    [InlineData("int.npy", "", "dtype '<i8'")]
    [InlineData("cube.npy", "", "3-D array")]
    [InlineData("absent.npy", "", "absent.npy does not exist")]
    [InlineData("k.npy", "--method operator", "add --input-size H,W")]
    [InlineData("k.npy", "--method fft --input-size 5,6", "square input")]
    [InlineData("k.npy", "--method fft --input-size 5 --stride 2", "--stride and --padding do not apply")]
    [InlineData("w.npy", "--method fft --input-size 5", "needs a 4-D conv kernel")]
    [InlineData("w.npy", "--input-size 5", "--input-size applies to --method operator or fft only")]
    [InlineData("k.npy", "--method operator --input-size 5,five", "--input-size '5,five' is not H,W")]
    public void Bad_files_and_options_exit_2_with_what_to_fix(string file, string options, string message)
    {
        NpyWriter.Write(folder.File("w.npy"), [7, 5], new double[35]);
        NpyWriter.Write(folder.File("k.npy"), [2, 3, 3, 3], new double[54]);
        NpyWriter.Write(folder.File("cube.npy"), [2, 3, 4], new double[24]);
        File.WriteAllBytes(folder.File("int.npy"), NpyWriter.Bytes(NpyWriter.Header("<i8", [2, 2]), new byte[32]));

        var result = Regbench.Run(folder.Path, ["norms", file, .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    public void Dispose() => folder.Dispose();
}
