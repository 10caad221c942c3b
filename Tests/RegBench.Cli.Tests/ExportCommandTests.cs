using System.Text.Json;

namespace RegBench.Cli.Tests;

/// <summary>`regbench export` on a real store: columns, row counts and extra.* columns in CSV and JSON; errors.</summary>
[Collection(TinyRunCollection.Name)]
public sealed class ExportCommandTests(TinyRunFixture run) : IDisposable
{
    private readonly TempDirectory folder = new();

    private static List<string> CsvLines(string text) => [.. text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];

    private List<string> ExtraKeys() =>
    [
        .. ResultsDatabase.Query(run.Database, "SELECT extra_json FROM epochs")
            .SelectMany(r => JsonDocument.Parse((string)r["extra_json"]!).RootElement.EnumerateObject().Select(p => "extra." + p.Name))
            .Distinct().Order(StringComparer.Ordinal),
    ];

    private long Count(string table) => (long)ResultsDatabase.Query(run.Database, $"SELECT COUNT(*) AS n FROM {table}")[0]["n"]!;

    [Theory]
    [InlineData("epochs", "cell_id,epoch,train_loss,train_acc,test_loss,test_acc,lr,step_ms_median,step_ms_p90,epoch_seconds,extra_json")]
    [InlineData("layers", "cell_id,epoch,layer,kind,rows,cols,sigma_max,frobenius,stable_rank,effective_rank,numerical_rank,spectrum_json")]
    [InlineData("cells", "cell_id,profile,dataset,architecture,regularizer,seed,batch_size,epochs,options_json,status,dataset_used,attempt,run_id,worker,heartbeat_utc,started_utc,finished_utc,error")]
    public void Csv_to_stdout_has_the_documented_header_and_one_line_per_row(string table, string documentedColumns)
    {
        Assert.True(run.Run.ExitCode == 0, run.Run.ToString());

        var result = Regbench.Run(run.Folder, "export", "--format", "csv", "--table", table);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = CsvLines(result.Output);
        Assert.StartsWith(documentedColumns, lines[0]);
        Assert.Equal(Count(table) + 1, lines.Count);
    }

    [Fact]
    public void Epochs_csv_ends_with_the_sorted_extra_columns_of_every_regularizer_metric()
    {
        var result = Regbench.Run(run.Folder, "export", "--format", "csv");

        Assert.True(result.ExitCode == 0, result.ToString());
        var header = CsvLines(result.Output)[0].Split(',');
        Assert.Equal(ExtraKeys(), header.Where(c => c.StartsWith("extra.")));
        Assert.Contains("extra.sigma_max_mean", header);
        Assert.Equal(Count("epochs") + 1, CsvLines(result.Output).Count);
    }

    [Theory]
    [InlineData("epochs")]
    [InlineData("layers")]
    [InlineData("cells")]
    public void Json_to_a_file_is_an_array_with_a_row_object_per_store_row(string table)
    {
        var target = folder.File($"{table}.json");

        var result = Regbench.Run(run.Folder, "export", "--format", "json", "--table", table, "--out", target);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(target));
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(Count(table), rows.Count);
        var columns = rows[0].EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("cell_id", columns);
        if (table == "epochs") Assert.Equal(ExtraKeys(), columns.Where(c => c.StartsWith("extra.")));
        if (table == "layers") Assert.True(rows.All(r => r.GetProperty("sigma_max").GetDouble() > 0));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_missing_store_exits_2_naming_the_path_and_leaves_the_output_file_alone()
    {
        var target = folder.Write("out.csv", "previous");

        var result = Regbench.Run(folder.Path, "export", "--format", "csv", "--store", "absent.db", "--out", target);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(folder.File("absent.db"), result.Error);
        Assert.Equal("previous", File.ReadAllText(target));
    }

    [Theory]
    [InlineData("--format", "xlsx")]
    [InlineData("--table", "runs")]
    public void An_unknown_format_or_table_exits_2(string option, string value)
    {
        var result = Regbench.Run(run.Folder, option == "--format" ? ["export", "--format", value] : ["export", "--format", "csv", option, value]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(value, result.Error);
    }

    public void Dispose() => folder.Dispose();
}
