using System.Globalization;
using System.Text;
using System.Text.Json;
using RegBench.Results;
using RegBench.Results.Export;

namespace RegBench.Cli.Tests;

/// <summary>The export service in process: CSV quoting and numbers, the JSON shape, extra.* columns, atomic files.</summary>
public sealed class TableExportTests : IDisposable
{
    private readonly TempDirectory folder = new();

    private static readonly StoreTable Awkward = new("t", ["text", "number", "count", "empty", "flag"],
    [
        ["plain", 0.1, 3L, null, true],
        ["comma, \"quoted\"\r\nand lines", -1.5e-300, -7L, null, false],
    ]);

    private static string Csv(StoreTable table)
    {
        using var stream = new MemoryStream();
        new CsvTableWriter().Write(table, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonElement Json(StoreTable table)
    {
        using var stream = new MemoryStream();
        new JsonTableWriter().Write(table, stream);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    [Fact]
    public void Csv_quotes_fields_with_commas_quotes_and_line_breaks_and_writes_null_as_empty()
    {
        Assert.Equal("text,number,count,empty,flag\r\nplain,0.1,3,,true\r\n\"comma, \"\"quoted\"\"\r\nand lines\",-1.5E-300,-7,,false\r\n", Csv(Awkward));
    }

    [Fact]
    public void Csv_numbers_use_the_invariant_culture_whatever_the_current_one()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Contains("plain,0.1,3,,true", Csv(Awkward));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Json_is_an_array_of_row_objects_keyed_by_column_with_nulls_and_non_finite_numbers_as_null()
    {
        var table = Awkward with { Rows = [.. Awkward.Rows, ["inf", double.PositiveInfinity, 0L, null, true]] };

        var rows = Json(table).EnumerateArray().ToList();

        Assert.Equal(3, rows.Count);
        Assert.Equal(["text", "number", "count", "empty", "flag"], rows[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("comma, \"quoted\"\r\nand lines", rows[1].GetProperty("text").GetString());
        Assert.Equal(-1.5e-300, rows[1].GetProperty("number").GetDouble());
        Assert.Equal(3, rows[0].GetProperty("count").GetInt64());
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("empty").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("number").ValueKind);
        Assert.True(rows[0].GetProperty("flag").GetBoolean());
    }

    [Fact]
    public void Epochs_get_sorted_extra_columns_from_the_union_of_extra_json_keys_with_null_where_a_row_lacks_one()
    {
        var database = StoreWithTwoEpochs();

        var table = StoreTableReader.Read(database, ExportTable.Epochs);

        Assert.Equal(["extra.alpha", "extra.zeta"], table.Columns.Where(c => c.StartsWith("extra.")));
        Assert.Contains("extra_json", table.Columns);
        Assert.DoesNotContain("created_seq", table.Columns);
        var (alpha, zeta) = (table.Columns.ToList().IndexOf("extra.alpha"), table.Columns.ToList().IndexOf("extra.zeta"));
        Assert.Equal(new object?[] { 1.5, null }, table.Rows.Select(r => r[alpha]));
        Assert.Equal(new object?[] { 2.0, 3.0 }, table.Rows.Select(r => r[zeta]));
    }

    [Fact]
    public void Cells_and_layers_carry_the_documented_columns()
    {
        var database = StoreWithTwoEpochs();

        var cells = StoreTableReader.Read(database, ExportTable.Cells);
        var layers = StoreTableReader.Read(database, ExportTable.Layers);

        Assert.Equal(["cell_id", "profile", "dataset", "architecture", "regularizer", "seed", "batch_size", "epochs", "options_json", "status"], cells.Columns.Take(10));
        Assert.Single(cells.Rows);
        Assert.Equal(["cell_id", "epoch", "layer", "kind", "rows", "cols", "sigma_max", "frobenius", "stable_rank", "effective_rank", "numerical_rank", "spectrum_json"],
            layers.Columns.Take(12));
        Assert.Equal(2, layers.Rows.Count);
    }

    [Fact]
    public void A_failed_file_export_leaves_an_existing_file_intact_and_no_temp_file()
    {
        var target = folder.Write("out.csv", "previous export");

        Assert.Throws<FileNotFoundException>(() => new TableExporter().ExportToFile(folder.File("absent.db"), ExportTable.Epochs, "csv", target));

        Assert.Equal("previous export", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_file_export_replaces_the_target_and_leaves_no_temp_file()
    {
        var database = StoreWithTwoEpochs();
        var target = folder.Write("out.csv", "previous export");

        new TableExporter().ExportToFile(database, ExportTable.Epochs, "csv", target);

        Assert.StartsWith("cell_id,epoch,train_loss", File.ReadAllText(target));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    private string StoreWithTwoEpochs()
    {
        var path = folder.File("regbench.db");
        using var store = new SqliteResultStore(path);
        store.RegisterCell(new CellRecord("c1", "tiny", "synthetic", "mlp", "none", 0, 32, 2, "{}"));
        for (var epoch = 1; epoch <= 2; epoch++)
            store.CommitEpoch(new EpochRecord("c1", epoch, 1, 0.5, 1, 0.5, 0.1, 1, 2, 3)
            {
                Extra = epoch == 1 ? new Dictionary<string, double> { ["zeta"] = 2, ["alpha"] = 1.5 } : new Dictionary<string, double> { ["zeta"] = 3 },
            }, [new LayerRecord("c1", epoch, "fc1", "Linear", 4, 3, 2, 2.5, 1.5, 2, 3)]);
        return path;
    }

    public void Dispose() => folder.Dispose();
}
