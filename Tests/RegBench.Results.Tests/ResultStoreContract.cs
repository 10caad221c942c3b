using System.Reflection;

namespace RegBench.Results.Tests;

/// <summary>
/// What every <see cref="IResultStore"/> must do, written once; <see cref="SqliteResultStoreContractTests"/> and
/// <see cref="PostgresResultStoreContractTests"/> run it on a fresh store of their backend per test.
/// </summary>
public abstract class ResultStoreContract : IDisposable
{
    private readonly List<IResultStore> opened = [];

    /// <summary>Why the suite of <paramref name="suite"/> cannot run here (its static SkipReason property), or null.</summary>
    public static string? SkipReasonFor(Type suite) =>
        suite.GetProperty("SkipReason", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string;

    /// <summary>A new connection to this test's store (created and migrated on first open).</summary>
    protected abstract IResultStore OpenConnection();

    /// <summary>Writes a schema version into this test's store the way the backend keeps it.</summary>
    protected abstract void WriteSchemaVersion(int version);

    private IResultStore Open()
    {
        var store = OpenConnection();
        opened.Add(store);
        return store;
    }

    private static CellRecord Cell(int index, string profile = "p") =>
        new($"cell{index:D12}", profile, "synthetic", "mlp", "none", index, 64, 3, $"{{\"seed\":{index}}}") { GapThreshold = 0.5 };

    private static EpochRecord Epoch(string cellId, int epoch) =>
        new(cellId, epoch, 1.0 / epoch, 0.5, 0.75, 0.25 + epoch / 100.0, 1e-3, 12.5, 20.25, 3.5) { Extra = new Dictionary<string, double> { ["pi"] = epoch } };

    [BackendFact]
    public void Epochs_and_layers_round_trip_with_every_column()
    {
        var store = Open();
        store.RegisterCell(Cell(1));
        store.StartAttempt(Cell(1).CellId, "run1", "worker", "synthetic: embedded");
        var epoch = Epoch(Cell(1).CellId, 1) with { Sensitivity = 0.125 };
        var layer = new LayerRecord(Cell(1).CellId, 1, "fc1", "Linear", 4, 3, 2.0, 2.5, 1.5625, 2.2, 3)
        { Spectrum = [2.0, 1.0, 0.5], Nuclear = 3.5, SigmaMaxOperator = 2.25 };
        store.CommitEpoch(epoch, [layer]);

        var readEpoch = Assert.Single(Open().ReadEpochs(Cell(1).CellId));
        Assert.Equal(epoch with { Extra = readEpoch.Extra }, readEpoch);
        Assert.Equal(1, readEpoch.Extra["pi"]);
        var readLayer = Assert.Single(Open().ReadLayers());
        Assert.Equal([2.0, 1.0, 0.5], readLayer.Spectrum!);
        Assert.Equal(layer with { Spectrum = readLayer.Spectrum }, readLayer);
    }

    [BackendFact]
    public void A_cell_round_trips_with_its_gap_threshold_and_registering_it_again_keeps_its_status()
    {
        var store = Open();
        store.RegisterCell(Cell(1));
        store.StartAttempt(Cell(1).CellId, "run1", "w", "d");
        store.Finish(Cell(1).CellId, CellStatus.Done);
        store.RegisterCell(Cell(1));

        var read = Open().GetCell(Cell(1).CellId)!;
        Assert.Equal((Cell(1), CellStatus.Done, 1, "d"), (read.Cell, read.Status, read.Attempt, read.DatasetUsed));
    }

    [BackendFact]
    public void Cells_are_read_in_registration_order_and_by_profile()
    {
        var store = Open();
        foreach (var index in new[] { 5, 2, 9 }) store.RegisterCell(Cell(index));
        store.RegisterCell(Cell(7, profile: "other"));

        Assert.Equal([Cell(5).CellId, Cell(2).CellId, Cell(9).CellId], store.ReadCells("p").Select(c => c.Cell.CellId));
        Assert.Equal(4, store.ReadCells().Count);
    }

    [BackendFact]
    public void A_new_attempt_drops_the_rows_of_an_unfinished_one_and_counts_attempts()
    {
        var store = Open();
        store.RegisterCell(Cell(1));
        store.StartAttempt(Cell(1).CellId, "run1", "w", "d");
        store.CommitEpoch(Epoch(Cell(1).CellId, 1), []);
        store.StartAttempt(Cell(1).CellId, "run2", "w", "d");

        Assert.Empty(store.ReadEpochs(Cell(1).CellId));
        Assert.Equal((CellStatus.Running, 2), (store.GetCell(Cell(1).CellId)!.Status, store.GetCell(Cell(1).CellId)!.Attempt));
    }

    [BackendFact]
    public void Resuming_after_an_epoch_keeps_it_drops_later_ones_and_records_worker_and_device()
    {
        var store = Open();
        store.RegisterCell(Cell(1));
        store.StartAttempt(Cell(1).CellId, "run1", "w1", "d");
        foreach (var epoch in new[] { 1, 2, 3 }) store.CommitEpoch(Epoch(Cell(1).CellId, epoch), []);
        store.ResumeAttempt(Cell(1).CellId, "run2", "w2", "d", fromEpoch: 2, device: "cuda:1");

        Assert.Equal([1, 2], store.ReadEpochs(Cell(1).CellId).Select(e => e.Epoch));
        var cell = store.GetCell(Cell(1).CellId)!;
        Assert.Equal(("w2", "cuda:1", 2), (cell.Worker, cell.Device, cell.Attempt));
    }

    [BackendFact]
    public void Runs_are_read_back_oldest_first()
    {
        var store = Open();
        var later = new RunRecord("b", DateTimeOffset.Parse("2026-01-02T00:00:00Z"), "node2", "regbench worker", "p");
        var earlier = new RunRecord("a", DateTimeOffset.Parse("2026-01-01T00:00:00Z"), "node1", "regbench run", "p");
        store.BeginRun(later);
        store.BeginRun(earlier);

        Assert.Equal([earlier, later], Open().ReadRuns());
    }

    [BackendFact]
    public void A_claim_takes_the_first_pending_cell_in_matrix_order_for_the_worker()
    {
        var store = Open();
        foreach (var index in new[] { 3, 1, 2 }) store.RegisterCell(Cell(index));
        store.StartAttempt(Cell(3).CellId, "run0", "other", "d");
        store.Finish(Cell(3).CellId, CellStatus.Done);

        var claimed = store.ClaimCell("p", "w1", "run1", DateTimeOffset.UtcNow.AddMinutes(-1))!;

        Assert.Equal((Cell(1).CellId, CellStatus.Running, "w1"), (claimed.Cell.CellId, claimed.Status, claimed.Worker));
    }

    [BackendFact]
    public void A_claim_finds_nothing_when_every_unfinished_cell_has_a_fresh_heartbeat_or_another_profile()
    {
        var store = Open();
        store.RegisterCell(Cell(1));
        store.RegisterCell(Cell(2, profile: "other"));
        Assert.NotNull(store.ClaimCell("p", "w1", "run1", DateTimeOffset.UtcNow.AddMinutes(-1)));

        Assert.Null(store.ClaimCell("p", "w2", "run2", DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    [BackendFact]
    public void A_running_cell_whose_heartbeat_is_older_than_the_timeout_is_claimed_by_another_worker()
    {
        var store = Open();
        store.RegisterCell(Cell(1));
        store.ClaimCell("p", "w1", "run1", DateTimeOffset.UtcNow.AddMinutes(-1));

        var reclaimed = store.ClaimCell("p", "w2", "run2", staleBefore: DateTimeOffset.UtcNow.AddSeconds(1));

        Assert.Equal("w2", reclaimed!.Worker);
        Assert.False(store.Heartbeat(Cell(1).CellId, "w1"));
        Assert.True(store.Heartbeat(Cell(1).CellId, "w2"));
    }

    [BackendFact]
    public void Release_puts_a_held_cell_back_to_pending_with_its_epochs()
    {
        var store = Open();
        store.RegisterCell(Cell(1));
        store.ClaimCell("p", "w1", "run1", DateTimeOffset.UtcNow.AddMinutes(-1));
        store.ResumeAttempt(Cell(1).CellId, "run1", "w1", "d", 0);
        store.CommitEpoch(Epoch(Cell(1).CellId, 1), []);
        store.Release(Cell(1).CellId, "someone-else");
        Assert.Equal(CellStatus.Running, store.GetCell(Cell(1).CellId)!.Status);

        store.Release(Cell(1).CellId, "w1");

        Assert.Equal(CellStatus.Pending, store.GetCell(Cell(1).CellId)!.Status);
        Assert.Single(store.ReadEpochs(Cell(1).CellId));
        Assert.Equal("w2", store.ClaimCell("p", "w2", "run2", DateTimeOffset.UtcNow.AddMinutes(-1))!.Worker);
    }

    [BackendFact]
    public void Concurrent_claimers_on_their_own_connections_get_every_cell_exactly_once()
    {
        var setup = Open();
        for (var i = 0; i < 40; i++) setup.RegisterCell(Cell(i));
        var stores = Enumerable.Range(0, 4).Select(_ => Open()).ToList();
        var claims = new List<string>[4];

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            claims[worker] = [];
            while (stores[worker].ClaimCell("p", $"w{worker}", "run", DateTimeOffset.UtcNow.AddMinutes(-1)) is { } cell)
                claims[worker].Add(cell.Cell.CellId);
        });

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct().Count());
        Assert.All(setup.ReadCells("p"), c => Assert.Equal(CellStatus.Running, c.Status));
    }

    [BackendFact]
    public void A_store_newer_than_this_build_is_refused_with_advice()
    {
        Open().Dispose();
        WriteSchemaVersion(SqliteSchema.Migrations.Count + 1);

        var error = Assert.ThrowsAny<Exception>(OpenConnection);
        Assert.Contains("newer than this regbench supports", (error.InnerException ?? error).Message);
    }

    /// <summary>Closes every connection the test opened.</summary>
    public virtual void Dispose()
    {
        foreach (var store in opened) store.Dispose();
        GC.SuppressFinalize(this);
    }
}
