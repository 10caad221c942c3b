using System.Text;
using Microsoft.Data.Sqlite;
using RegBench.Engine.Experiments;
using RegBench.Engine.Running;
using RegBench.Engine.Torch;
using RegBench.Results;

namespace RegBench.Engine.Tests.Running;

/// <summary>
/// A store written before Abstractions 2 (schema version 3, cell ids of id rule 1: options as written) keeps working:
/// migrations 4 and 5 add the device column and the alias table, and a run that meets an old cell re-keys it with its rows and checkpoints.
/// </summary>
public sealed class LegacyCellIdTests : IDisposable
{
    private readonly TempDirectory folder = new();

    private static CellSpec Cell() => Assert.Single(MatrixExpander.Expand(ExperimentFileReader.Parse(Encoding.UTF8.GetBytes("""
        { "profiles": { "p": {
            "datasets": [{ "name": "synthetic", "trainSize": 64, "testSize": 32, "height": 4, "width": 4 }],
            "architectures": [{ "name": "mlp", "depth": 1, "width": 8 }], "regularizers": ["weight-decay"],
            "epochs": 1, "seeds": [0], "batchSize": 32 } } }
        """), "e.json", BuiltInPlugins.Catalog).Profile("p")));

    // A store as regbench wrote it before migrations 4 and 5: the cell under its rule-1 id, done, with one epoch and a checkpoint folder.
    private string OldStore(CellSpec cell, string status)
    {
        var path = folder.File("results/regbench.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = string.Concat(SqliteSchema.Migrations.Take(3)) + """
                PRAGMA user_version = 3;
                INSERT INTO cells(cell_id, profile, dataset, architecture, regularizer, seed, batch_size, epochs, options_json, status, created_seq)
                VALUES ($id, 'p', 'synthetic', 'mlp', 'weight-decay', 0, 32, 1, $json, $status, 1);
                INSERT INTO epochs(cell_id, epoch, train_loss, train_acc, test_loss, test_acc, lr, step_ms_median, step_ms_p90, epoch_seconds)
                VALUES ($id, 1, 0.5, 0.9, 0.6, 0.8, 0.001, 2, 3, 4);
                INSERT INTO events(time_utc, cell_id, level, message) VALUES ('2026-01-01T00:00:00Z', $id, 'info', 'old');
                """;
            command.Parameters.AddWithValue("$id", cell.LegacyCellId);
            command.Parameters.AddWithValue("$json", cell.LegacyCanonicalJson);
            command.Parameters.AddWithValue("$status", status);
            command.ExecuteNonQuery();
        }
        Directory.CreateDirectory(folder.File($"results/checkpoints/{cell.LegacyCellId}"));
        return path;
    }

    [Fact]
    public void Migrating_keeps_the_old_cells_under_their_old_ids_until_a_run_meets_them()
    {
        var cell = Cell();
        using var store = new SqliteResultStore(OldStore(cell, "done"));

        Assert.Equal(CellStatus.Done, store.GetCell(cell.LegacyCellId)!.Status);
        Assert.Null(store.GetCell(cell.CellId));
    }

    [Fact]
    public void A_run_skips_a_cell_done_under_its_old_id_and_moves_its_rows_and_checkpoints_to_the_new_id()
    {
        var cell = Cell();
        OldStore(cell, "done");
        TorchRuntime.EnsureLoaded();
        var profile = ExperimentFileReader.Parse(Encoding.UTF8.GetBytes("""
            { "profiles": { "p": {
                "datasets": [{ "name": "synthetic", "trainSize": 64, "testSize": 32, "height": 4, "width": 4 }],
                "architectures": [{ "name": "mlp", "depth": 1, "width": 8 }], "regularizers": ["weight-decay"],
                "epochs": 1, "seeds": [0], "batchSize": 32 } } }
            """), "e.json", BuiltInPlugins.Catalog).Profile("p");

        var outcome = new ExperimentRunner(BuiltInPlugins.Catalog, new SilentProgress())
            .Run(new RunRequest(profile, folder.File("results")), CancellationToken.None);

        Assert.Equal(1, outcome.Skipped);
        using var store = new SqliteResultStore(folder.File("results/regbench.db"));
        var moved = store.GetCell(cell.CellId)!;
        Assert.Equal((CellStatus.Done, cell.CanonicalJson), (moved.Status, moved.Cell.OptionsJson));
        Assert.Equal(cell.CellId, store.GetCell(cell.LegacyCellId)!.Cell.CellId); // the old id is an alias now
        Assert.Equal(0.8, Assert.Single(store.ReadEpochs(cell.CellId)).TestAccuracy);
        Assert.Single(store.ReadCells());
        Assert.True(Directory.Exists(folder.File($"results/checkpoints/{cell.CellId}")));
        Assert.False(Directory.Exists(folder.File($"results/checkpoints/{cell.LegacyCellId}")));
    }

    [Fact]
    public void A_pending_cell_stored_under_its_old_id_is_read_back_for_resume_with_its_new_id_and_runs_under_it()
    {
        var cell = Cell();
        OldStore(cell, "pending");
        TorchRuntime.EnsureLoaded();
        List<CellSpec> unfinished;
        using (var store = new SqliteResultStore(folder.File("results/regbench.db")))
            unfinished = store.ReadCells().Select(c => CellSpec.FromStoredJson(c.Cell.OptionsJson, BuiltInPlugins.Catalog)).ToList();

        var outcome = new ExperimentRunner(BuiltInPlugins.Catalog, new SilentProgress())
            .RunCells(unfinished, new RunRequest(null, folder.File("results")), "resume", CancellationToken.None);

        Assert.Equal(cell.CellId, Assert.Single(unfinished).CellId);
        Assert.Equal(CellStatus.Done, Assert.Single(outcome.Cells).Status);
        using var after = new SqliteResultStore(folder.File("results/regbench.db"));
        Assert.Equal([cell.CellId], after.ReadCells().Select(c => c.Cell.CellId));
    }

    public void Dispose() => folder.Dispose();
}
