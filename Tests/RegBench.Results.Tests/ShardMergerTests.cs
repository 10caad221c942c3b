namespace RegBench.Results.Tests;

public sealed class ShardMergerTests : IDisposable
{
    private readonly TempDirectory folder = new();

    private static CellRecord Cell(string id) => new(id, "p", "synthetic", "mlp", "none", 0, 64, 2, $"{{\"id\":\"{id}\"}}");

    private string Shard(string name, string runId, params (string CellId, int Epochs, CellStatus Status)[] cells)
    {
        var path = folder.File(name);
        using var store = new SqliteResultStore(path);
        store.BeginRun(new RunRecord(runId, DateTimeOffset.UtcNow, name, "regbench run --shard", "p"));
        foreach (var (cellId, epochs, status) in cells)
        {
            store.RegisterCell(Cell(cellId));
            store.StartAttempt(cellId, runId, name, "synthetic");
            for (var epoch = 1; epoch <= epochs; epoch++)
                store.CommitEpoch(new EpochRecord(cellId, epoch, 1, 0.5, 1, 0.5, 1e-3, 1, 1, 1),
                    [new LayerRecord(cellId, epoch, "fc1", "Linear", 2, 2, 1, 1, 1, 1, 2)]);
            if (status != CellStatus.Running) store.Finish(cellId, status);
        }
        return path;
    }

    [Fact]
    public void Merging_disjoint_shards_keeps_every_cell_run_epoch_and_layer_once()
    {
        var a = Shard("a.db", "run-a", ("c1", 2, CellStatus.Done), ("c3", 2, CellStatus.Done));
        var b = Shard("b.db", "run-b", ("c2", 2, CellStatus.Done));

        var result = ShardMerger.Merge(folder.File("all.db"), [a, b]);

        using var merged = new SqliteResultStore(folder.File("all.db"));
        Assert.Equal(["c1", "c3", "c2"], merged.ReadCells().Select(c => c.Cell.CellId));
        Assert.Equal((3, 6, 6), (result.Cells, merged.ReadEpochs().Count, merged.ReadLayers().Count));
        Assert.Equal(["run-a", "run-b"], merged.ReadRuns().Select(r => r.RunId).Order());
        Assert.Empty(result.Duplicates);
    }

    [Fact]
    public void A_cell_in_two_shards_keeps_the_more_complete_copy_and_names_both()
    {
        var a = Shard("a.db", "run-a", ("c1", 1, CellStatus.Running));
        var b = Shard("b.db", "run-b", ("c1", 2, CellStatus.Done));

        var result = ShardMerger.Merge(folder.File("all.db"), [a, b]);

        using var merged = new SqliteResultStore(folder.File("all.db"));
        Assert.Equal(CellStatus.Done, Assert.Single(merged.ReadCells()).Status);
        Assert.Equal([1, 2], merged.ReadEpochs("c1").Select(e => e.Epoch));
        var duplicate = Assert.Single(result.Duplicates);
        Assert.Equal((b, a, "done, 2 epochs", "running, 1 epoch"), (duplicate.Kept, duplicate.Dropped, duplicate.KeptState, duplicate.DroppedState));
    }

    [Fact]
    public void Merging_into_an_existing_file_is_refused_and_leaves_it_alone()
    {
        var a = Shard("a.db", "run-a", ("c1", 1, CellStatus.Done));
        var before = File.ReadAllBytes(a);

        var error = Assert.Throws<StoreAddressException>(() => ShardMerger.Merge(a, [Shard("b.db", "run-b", ("c2", 1, CellStatus.Done))]));

        Assert.Contains("already exists", error.Message);
        Assert.Equal(before, File.ReadAllBytes(a));
    }

    [Fact]
    public void A_missing_shard_is_named_and_no_output_is_left()
    {
        var error = Assert.Throws<StoreAddressException>(() => ShardMerger.Merge(folder.File("all.db"), [folder.File("missing.db")]));

        Assert.Contains("missing.db does not exist", error.Message);
        Assert.False(File.Exists(folder.File("all.db")));
    }

    public void Dispose() => folder.Dispose();
}
