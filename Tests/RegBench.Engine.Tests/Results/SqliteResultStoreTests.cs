using Microsoft.Data.Sqlite;
using RegBench.Results;

namespace RegBench.Engine.Tests.Results;

public sealed class SqliteResultStoreTests : IDisposable
{
    private readonly TempDirectory folder = new();
    private static readonly CellRecord Cell = new("0123456789abcdef", "quick", "synthetic", "mlp", "none", 0, 64, 2, "{}");

    [Fact]
    public void Epochs_and_layers_round_trip_with_every_column()
    {
        using var store = new SqliteResultStore(folder.File("r.db"));
        store.RegisterCell(Cell);
        store.StartAttempt(Cell.CellId, "run1", "worker", "synthetic: embedded");
        var epoch = new EpochRecord(Cell.CellId, 1, 0.5, 0.8, 0.6, 0.75, 1e-3, 12.5, 20.25, 3.5) { Extra = new Dictionary<string, double> { ["pi"] = 3 } };
        var layer = new LayerRecord(Cell.CellId, 1, "fc1", "Linear", 4, 3, 2.0, 2.5, 1.5625, 2.2, 3) { Spectrum = [2.0, 1.0, 0.5] };
        store.CommitEpoch(epoch, [layer]);
        var readEpoch = Assert.Single(store.ReadEpochs(Cell.CellId));
        Assert.Equal(epoch with { Extra = readEpoch.Extra }, readEpoch);
        Assert.Equal(3, readEpoch.Extra["pi"]);
        var readLayer = Assert.Single(store.ReadLayers());
        Assert.Equal([2.0, 1.0, 0.5], readLayer.Spectrum!);
        Assert.Equal(layer with { Spectrum = readLayer.Spectrum }, readLayer);
    }

    [Fact]
    public void Registering_a_known_cell_keeps_its_status()
    {
        using var store = new SqliteResultStore(folder.File("r.db"));
        store.RegisterCell(Cell);
        store.StartAttempt(Cell.CellId, "run1", "w", "d");
        store.Finish(Cell.CellId, CellStatus.Done);
        store.RegisterCell(Cell);
        Assert.Equal(CellStatus.Done, store.GetCell(Cell.CellId)!.Status);
    }

    [Fact]
    public void A_new_attempt_drops_the_rows_of_an_unfinished_one_and_counts_attempts()
    {
        using var store = new SqliteResultStore(folder.File("r.db"));
        store.RegisterCell(Cell);
        store.StartAttempt(Cell.CellId, "run1", "w", "d");
        store.CommitEpoch(new EpochRecord(Cell.CellId, 1, 1, 0, 1, 0, 1, 1, 1, 1), []);
        store.StartAttempt(Cell.CellId, "run2", "w", "d");
        Assert.Empty(store.ReadEpochs(Cell.CellId));
        Assert.Equal((CellStatus.Running, 2), (store.GetCell(Cell.CellId)!.Status, store.GetCell(Cell.CellId)!.Attempt));
    }

    [Fact]
    public void Opening_uses_WAL_and_the_latest_schema_version()
    {
        new SqliteResultStore(folder.File("r.db")).Dispose();
        using var connection = new SqliteConnection($"Data Source={folder.File("r.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; ";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)SqliteSchema.Migrations.Count, command.ExecuteScalar());
    }

    [Fact]
    public void A_database_newer_than_this_build_is_refused_with_advice()
    {
        using (var connection = new SqliteConnection($"Data Source={folder.File("r.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteSchema.Migrations.Count + 1};";
            command.ExecuteNonQuery();
        }
        var error = Assert.Throws<InvalidOperationException>(() => new SqliteResultStore(folder.File("r.db")));
        Assert.Contains("newer than this regbench supports", error.Message);
    }

    public void Dispose() => folder.Dispose();
}
