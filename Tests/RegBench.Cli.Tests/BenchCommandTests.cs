using System.Text.Json;

namespace RegBench.Cli.Tests;

/// <summary>`regbench bench` on a tiny model (mlp 1×16, batch 8, 1 warm-up + 3 timed steps): shape of the output and exit codes, never timings.</summary>
public sealed class BenchCommandTests
{
    private static readonly string[] Tiny =
        ["bench", "--architecture", """{"name":"mlp","depth":1,"width":16}""", "--batch-size", "8", "--steps", "3", "--warmup", "1"];

    /// <summary><see cref="Tiny"/> with the options in <paramref name="extra"/> given there instead.</summary>
    private static string[] TinyWith(string[] extra) =>
        [Tiny[0], .. Tiny.Skip(1).Chunk(2).Where(pair => !extra.Contains(pair[0])).SelectMany(pair => pair), .. extra];

    private static readonly string[] BuiltInRegularizers =
        ["none", "adversarial", "frobenius-scaling", "miyato-sn", "sn-regularization", "spectral-scaling", "stiefel", "weight-decay"];

    [Fact]
    public void Bench_prints_the_machine_and_a_row_per_loaded_regularizer_with_none_first()
    {
        var result = Regbench.Run(AppContext.BaseDirectory, Tiny);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"machine: .*\d+ cores, torch threads \d+, .*load average", result.Output);
        var rows = result.Output.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(1)
            .Select(l => l.Split('|')[1].Trim()).Where(n => n.Length > 0).ToList();
        Assert.Equal(BuiltInRegularizers, rows);
        Assert.Matches(@"\| none\s+\|\s+[\d.]+\s+\|\s+[\d.]+\s+\|\s+1\.00\s+\|", result.Output);
    }

    [Fact]
    public void Bench_json_has_the_documented_fields_ratio_1_for_none_and_positive_finite_numbers_for_the_others()
    {
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "bench.json");

        var result = Regbench.Run(folder.Path, [.. Tiny, "--regularizers", "weight-decay,spectral-scaling", "--json", "--out", file]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        foreach (var field in new[] { "started_utc", "machine", "settings", "baseline", "process_rss_growth_mb", "process_rss_peak_growth_mb", "results", "violations" })
            Assert.True(root.TryGetProperty(field, out _), field);
        Assert.True(root.GetProperty("machine").GetProperty("processor_count").GetInt32() >= 1);
        Assert.True(root.GetProperty("machine").GetProperty("torch_threads").GetInt32() >= 1);
        Assert.Equal(3, root.GetProperty("settings").GetProperty("timed_steps").GetInt32());
        var rows = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["none", "weight-decay", "spectral-scaling"], rows.Select(r => r.GetProperty("regularizer").GetString()));
        Assert.Equal(1.0, rows[0].GetProperty("ratio").GetDouble());
        foreach (var row in rows)
        {
            foreach (var field in new[] { "median_ms", "p90_ms", "ratio" })
                Assert.True(row.GetProperty(field).GetDouble() is > 0 and < double.PositiveInfinity, $"{row.GetProperty("regularizer")}.{field}");
            foreach (var field in new[] { "heap_growth_mb", "rss_growth_mb", "rss_peak_growth_mb" }) Assert.True(double.IsFinite(row.GetProperty(field).GetDouble()), field);
            Assert.Equal(0, row.GetProperty("live_tensor_growth").GetInt64());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("error").ValueKind);
        }
        Assert.True(rows[2].GetProperty("metrics").TryGetProperty("spectral-scaling.pi_iterations_mean", out _), rows[2].ToString());
        using var written = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(3, written.RootElement.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public void A_max_ratio_below_1_for_none_exits_1_naming_none_and_the_limit()
    {
        var result = Regbench.Run(AppContext.BaseDirectory, [.. Tiny, "--regularizers", "none", "--max-ratio", "none=0.5"]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error: none: median step", result.Error);
        Assert.Contains("is 1× none's", result.Error);
        Assert.Contains("above --max-ratio none=0.5", result.Error);
    }

    [Theory]
    [InlineData("--regularizers spectral-scalin", "--regularizer: error RB1001: unknown regularizer 'spectral-scalin' (did you mean 'spectral-scaling'?)")]
    [InlineData("--steps 0", "--steps: error RB1005: must be ≥ 1, found 0.")]
    [InlineData("--max-ratio spectral-scalng=2", "--max-ratio: error RB1001: 'spectral-scalng' is not measured (did you mean 'spectral-scaling'?)")]
    public void Bad_input_exits_2_with_one_error_and_writes_nothing(string arguments, string message)
    {
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "bench.json");

        var result = Regbench.Run(folder.Path, TinyWith([.. arguments.Split(' '), "--out", file]));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Error);
        Assert.Equal("", result.Output);
        Assert.False(File.Exists(file));
    }
}
