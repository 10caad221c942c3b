using System.Text.Json;

namespace RegBench.Cli.Tests;

/// <summary>`regbench inspect` on checkpoints of a real run: σ₁ per layer equals what the run stored for that epoch.</summary>
[Collection(TinyRunCollection.Name)]
public sealed class InspectCommandTests(TinyRunFixture run) : IDisposable
{
    private readonly TempDirectory folder = new();

    // One intra-op thread: the cold-start operator-norm power iterations of the conv layers are 5× slower with more on 2 shared cores.
    private static readonly Dictionary<string, string?> OneThread = new() { ["OMP_NUM_THREADS"] = "1" };

    public static TheoryData<string, string> Cells => new() { { "mlp", "none" }, { "mlp", "miyato-sn" }, { "vgg", "none" }, { "vgg", "miyato-sn" } };

    private string CellId(string architecture, string regularizer) => (string)ResultsDatabase.Query(run.Database,
        $"SELECT cell_id FROM cells WHERE architecture LIKE '{architecture}%' AND regularizer = '{regularizer}'").Single()["cell_id"]!;

    [Theory]
    [MemberData(nameof(Cells))]
    public void Sigma1_of_every_layer_of_the_last_checkpoint_equals_the_stored_last_epoch(string architecture, string regularizer)
    {
        Assert.True(run.Run.ExitCode == 0, run.Run.ToString());
        var cellId = CellId(architecture, regularizer);
        var checkpoint = Path.Combine(run.Folder, "results", "checkpoints", cellId, "epoch-0002.ckpt");

        var result = Regbench.Run(run.Folder, OneThread, "inspect", checkpoint, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(cellId, json.RootElement.GetProperty("cell_id").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("epoch").GetInt32());
        var stored = ResultsDatabase.Query(run.Database,
            $"SELECT layer, sigma_max, sigma_max_operator, numerical_rank FROM layers WHERE cell_id = '{cellId}' AND epoch = 2 ORDER BY layer");
        var inspected = json.RootElement.GetProperty("layers").EnumerateArray().OrderBy(l => l.GetProperty("layer").GetString(), StringComparer.Ordinal).ToList();
        Assert.Equal(stored.Select(s => (string)s["layer"]!), inspected.Select(l => l.GetProperty("layer").GetString()!));
        foreach (var (row, layer) in stored.Zip(inspected))
        {
            var sigma = (double)row["sigma_max"]!;
            Assert.Equal(sigma, layer.GetProperty("sigma_max").GetDouble(), 1e-9 * sigma);
            Assert.Equal(Convert.ToInt32(row["numerical_rank"]), layer.GetProperty("numerical_rank").GetInt32());
            Assert.Equal(sigma, layer.GetProperty("singular_values")[0].GetDouble(), 1e-9 * sigma);
            if (row["sigma_max_operator"] is double op)
                Assert.Equal(op, layer.GetProperty("sigma_max_operator").GetDouble(), 1e-4 * op);
            else
                Assert.Equal(JsonValueKind.Null, layer.GetProperty("sigma_max_operator").ValueKind);
        }
    }

    [Fact]
    public void The_table_lists_each_layer_and_says_it_measures_the_effective_weight()
    {
        var cellId = CellId("vgg", "miyato-sn");

        var result = Regbench.Run(run.Folder, OneThread, "inspect", Path.Combine("results", "checkpoints", cellId, "epoch-0002.ckpt"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"cell {cellId}", result.Output);
        Assert.Matches(@"conv1\s+Conv2d\s+8×27\s", result.Output);
        Assert.Contains("@32x32", result.Output);
        Assert.Contains("effective weights", result.Output);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_exits_2_naming_it_without_a_stack_trace()
    {
        var path = folder.Write("epoch-0001.ckpt", "not a checkpoint at all");

        var result = Regbench.Run(folder.Path, "inspect", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(path, result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void A_truncated_checkpoint_exits_2_naming_it()
    {
        var source = Path.Combine(run.Folder, "results", "checkpoints", CellId("mlp", "none"), "epoch-0002.ckpt");
        var path = folder.File("truncated.ckpt");
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var result = Regbench.Run(folder.Path, "inspect", path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(path, result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void A_missing_file_exits_2_naming_it()
    {
        var result = Regbench.Run(folder.Path, "inspect", "absent.ckpt");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(folder.File("absent.ckpt"), result.Error);
    }

    public void Dispose() => folder.Dispose();
}
