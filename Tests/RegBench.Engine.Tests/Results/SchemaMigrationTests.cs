using Microsoft.Data.Sqlite;
using RegBench.Results;

namespace RegBench.Engine.Tests.Results;

public sealed class SchemaMigrationTests : IDisposable
{
    private readonly TempDirectory folder = new();

    [Fact]
    public void A_version_1_database_is_migrated_in_place_keeping_its_rows()
    {
        var path = folder.File("old.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Migrations[0] + """
                PRAGMA user_version = 1;
                INSERT INTO cells(cell_id, profile, dataset, architecture, regularizer, seed, batch_size, epochs, options_json, status, created_seq)
                VALUES ('c1', 'quick', 'd', 'a', 'none', 0, 64, 1, '{}', 'done', 1);
                INSERT INTO epochs(cell_id, epoch, train_loss, train_acc, test_loss, test_acc, lr, step_ms_median, step_ms_p90, epoch_seconds)
                VALUES ('c1', 1, 0.5, 0.9, 0.6, 0.8, 0.001, 2, 3, 4);
                """;
            command.ExecuteNonQuery();
        }

        using var store = new SqliteResultStore(path);

        var epoch = Assert.Single(store.ReadEpochs());
        Assert.Equal((0.5, 0.8, (double?)null), (epoch.TrainLoss, epoch.TestAccuracy, epoch.Sensitivity));
        var cell = store.GetCell("c1")!;
        Assert.Equal((CellStatus.Done, (double?)null), (cell.Status, cell.Cell.GapThreshold));
    }

    public void Dispose() => folder.Dispose();
}
