using System.Diagnostics;
using System.Text.Json;
using RegBench.Engine.Benchmarks;

namespace RegBench.Cli.Tests;

/// <summary>
/// `regbench bench --compare-pytorch` on a tiny MLP, on any machine: where a Python here imports torch the column is
/// measured and checked; where none does, the one skip line is. Nothing is faked and nothing assumes what is installed.
/// </summary>
public sealed class BenchPyTorchTests
{
    private static readonly string[] Tiny =
        ["bench", "--architecture", """{"name":"mlp","depth":1,"width":16}""", "--batch-size", "8", "--steps", "2", "--warmup", "1"];

    [Fact]
    public void A_missing_interpreter_is_one_skip_line_naming_it_and_the_fix_and_exit_0()
    {
        var result = Regbench.Run(AppContext.BaseDirectory, [.. Tiny, "--regularizers", "none", "--compare-pytorch", "/nonexistent/python3"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Error.Split('\n').Where(l => l.Contains("PyTorch", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("PyTorch column skipped", line);
        Assert.Contains("/nonexistent/python3: not found", line);
        Assert.Contains("apt install python3-torch", line);
        Assert.DoesNotContain("PyTorch ms", result.Output);
        Assert.Contains("| none", result.Output);
    }

    [Fact]
    public void Without_an_interpreter_the_json_says_why_the_column_was_skipped()
    {
        var result = Regbench.Run(AppContext.BaseDirectory, [.. Tiny, "--regularizers", "none", "--compare-pytorch", "/nonexistent/python3", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var pytorch = json.RootElement.GetProperty("pytorch");
        Assert.Contains("/nonexistent/python3", pytorch.GetProperty("skipped").GetString());
        Assert.Equal(0, pytorch.GetProperty("results").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, pytorch.GetProperty("matrix_product").ValueKind);
    }

    [Fact]
    public void With_torch_each_twin_has_a_median_and_a_ratio_and_without_it_the_skip_line_names_what_was_tried()
    {
        var python = PythonWithTorch();

        var result = Regbench.Run(AppContext.BaseDirectory, [.. Tiny, "--regularizers", "weight-decay,stiefel", "--compare-pytorch", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var pytorch = json.RootElement.GetProperty("pytorch");
        if (python is null)
        {
            Assert.Contains("tried python3: ", pytorch.GetProperty("skipped").GetString());
            Assert.Contains("/usr/bin/python3: ", pytorch.GetProperty("skipped").GetString());
            return;
        }
        Assert.Equal(JsonValueKind.Null, pytorch.GetProperty("skipped").ValueKind);
        Assert.Contains("BLAS_INFO=", pytorch.GetProperty("runtime").GetProperty("blas").GetString());
        var rows = pytorch.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("regularizer").GetString()!);
        foreach (var name in new[] { "none", "weight-decay" })
        {
            Assert.Equal(2, rows[name].GetProperty("timed_steps").GetInt32());
            Assert.True(rows[name].GetProperty("median_ms").GetDouble() > 0, rows[name].ToString());
            Assert.True(rows[name].GetProperty("regbench_over_pytorch").GetDouble() > 0, rows[name].ToString());
        }
        Assert.Equal(1.0, rows["none"].GetProperty("ratio").GetDouble());
        Assert.Equal("no PyTorch twin of stiefel", rows["stiefel"].GetProperty("error").GetString());
        // The tiny MLP's largest layer is 784 → 16 at batch 8: that product is timed alone on both sides.
        var product = pytorch.GetProperty("matrix_product");
        Assert.Equal((8, 784, 16), (product.GetProperty("rows").GetInt64(), product.GetProperty("inner").GetInt64(), product.GetProperty("cols").GetInt64()));
        foreach (var field in new[] { "regbench_ms", "pytorch_ms", "regbench_over_pytorch" })
            Assert.True(product.GetProperty(field).GetDouble() > 0, product.ToString());
    }

    [Fact]
    public void With_torch_the_text_report_prints_the_matrix_product_line_and_without_it_prints_none()
    {
        var python = PythonWithTorch();

        var result = Regbench.Run(AppContext.BaseDirectory, [.. Tiny, "--regularizers", "none", "--compare-pytorch"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.Output.Split('\n').FirstOrDefault(l => l.StartsWith("BLAS: largest layer's product", StringComparison.Ordinal));
        if (python is null)
        {
            Assert.Null(line);
            return;
        }
        Assert.NotNull(line);
        Assert.Contains("(8 × 784 by 784 → 16, float32,", line);
        Assert.Contains("RegBench/PyTorch ", line);
    }

    [Fact]
    public void Opening_a_nonexistent_interpreter_returns_no_reference_and_the_reason()
    {
        using var reference = PyTorchReference.Open("/nonexistent/python3", out var skipped);

        Assert.Null(reference);
        Assert.StartsWith("PyTorch column skipped: no Python with a usable torch (tried /nonexistent/python3: not found", skipped);
    }

    /// <summary>The first of python3, /usr/bin/python3 that imports torch here, or null: decides which branch a test checks, never what it expects of either.</summary>
    private static string? PythonWithTorch() => PyTorchReference.DefaultPythons.FirstOrDefault(python =>
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(python, ["-c", "import torch"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.StandardError.ReadToEnd();
            return process.WaitForExit(120_000) && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });
}
