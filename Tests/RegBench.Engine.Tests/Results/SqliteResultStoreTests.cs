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
        var before = File.ReadAllBytes(folder.File("r.db"));
        var error = Assert.Throws<ResultStoreException>(() => new SqliteResultStore(folder.File("r.db")));
        Assert.Contains("newer than this regbench supports", error.Message);
        Assert.Equal(before, File.ReadAllBytes(folder.File("r.db")));
    }

    [Fact]
    public void A_row_that_cannot_be_decoded_names_the_table_and_cell_instead_of_throwing_a_json_error()
    {
        using var store = new SqliteResultStore(folder.File("r.db"));
        store.RegisterCell(Cell);
        store.StartAttempt(Cell.CellId, "run1", "worker", "synthetic: embedded");
        store.CommitEpoch(new EpochRecord(Cell.CellId, 1, 0.5, 0.8, 0.6, 0.75, 1e-3, 12.5, 20.25, 3.5), []);
        using (var connection = new SqliteConnection($"Data Source={folder.File("r.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE epochs SET extra_json = '{\"a\": Infinity'";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<ResultStoreException>(() => store.ReadEpochs());

        Assert.Contains($"a row of table 'epochs' (cell_id {Cell.CellId}) cannot be read", error.Message);
    }

    [Fact]
    public void Non_finite_extra_metrics_round_trip_instead_of_failing_the_commit()
    {
        using var store = new SqliteResultStore(folder.File("r.db"));
        store.RegisterCell(Cell);
        store.StartAttempt(Cell.CellId, "run1", "worker", "synthetic: embedded");

        store.CommitEpoch(new EpochRecord(Cell.CellId, 1, 0.5, 0.8, 0.6, 0.75, 1e-3, 12.5, 20.25, 3.5)
            { Extra = new Dictionary<string, double> { ["nan"] = double.NaN, ["inf"] = double.PositiveInfinity } }, []);

        var extra = Assert.Single(store.ReadEpochs()).Extra;
        Assert.True(double.IsNaN(extra["nan"]));
        Assert.Equal(double.PositiveInfinity, extra["inf"]);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_and_left_as_it_was()
    {
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 251)).ToArray();
        File.WriteAllBytes(folder.File("r.db"), garbage);

        var error = Assert.Throws<ResultStoreException>(() => new SqliteResultStore(folder.File("r.db")));

        Assert.Contains("cannot be opened", error.Message);
        Assert.Equal(garbage, File.ReadAllBytes(folder.File("r.db")));
    }

    [Fact]
    public void A_second_writer_on_one_store_is_refused_naming_the_lock_while_readers_still_open_it()
    {
        using var first = new SqliteResultStore(folder.File("r.db"), exclusiveWriter: true);

        var error = Assert.Throws<ResultStoreException>(() => new SqliteResultStore(folder.File("r.db"), exclusiveWriter: true));
        using var reader = new SqliteResultStore(folder.File("r.db"));

        Assert.Contains("is in use by another regbench run", error.Message);
        Assert.Contains(folder.File("r.db.lock"), error.Message);
    }

    [Fact]
    public void The_writer_lock_is_released_when_the_store_is_disposed()
    {
        new SqliteResultStore(folder.File("r.db"), exclusiveWriter: true).Dispose();

        using var second = new SqliteResultStore(folder.File("r.db"), exclusiveWriter: true);

        Assert.Empty(second.ReadCells());
    }

    public void Dispose() => folder.Dispose();
}
