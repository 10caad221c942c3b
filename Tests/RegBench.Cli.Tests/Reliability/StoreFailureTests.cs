using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using RegBench.Results;

namespace RegBench.Cli.Tests.Reliability;

/// <summary>
/// What the machine can do to a results store — a second run on it, a read-only folder, a full disk, a corrupt,
/// truncated or newer database — each ends in one clear error (exit 3), the file untouched, and a store that resumes.
/// </summary>
public sealed class StoreFailureTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempDirectory folder = new();

    public StoreFailureTests() => ReliabilityProfile.WriteTo(folder);

    private string[] Run(string results) => ["run", "--profile", ReliabilityProfile.Name, "--results", results];

    /// <summary>One cell of the profile (3 epochs): enough for a pause at the 2nd commit, cheap to finish.</summary>
    private string[] RunOneCell(string results) => [.. Run(results), "--filter", "seed=0", "--filter", "regularizer=none"];

    [Fact]
    public void A_second_run_on_a_store_in_use_is_refused_naming_the_lock_and_never_trains_a_cell()
    {
        using var first = RegbenchProcess.Start(folder.Path, new Dictionary<string, string?> { ["REGBENCH_FAULT_PAUSE"] = $"{FaultPoint.StoreCommit}:1" }, Run("shared"));
        Assert.True(first.WaitForError("regbench-fault-point: paused", Patience), first.ToString());

        var second = Regbench.Run(folder.Path, Run("shared"));
        var resume = Regbench.Run(folder.Path, "resume", "--results", "shared");

        Assert.True(second.ExitCode == 3, second.ToString());
        Assert.Contains("is in use by another regbench run (pid " + first.Id, second.Error);
        Assert.Contains("regbench.db.lock", second.Error);
        Assert.Equal(3, resume.ExitCode);
        first.Kill();
        var attempts = ResultsDatabase.Query(folder.File("shared/regbench.db"), "SELECT SUM(attempt) AS n FROM cells").Single()["n"];
        Assert.Equal(1L, attempts); // only the first run ever started a cell
    }

    [TmpfsFact]
    public void A_read_only_results_folder_exits_3_naming_the_database_and_the_store_works_once_writable()
    {
        using var mount = TmpfsMount.TryMount(16 * 1024, out _)!;
        mount.Remount(readOnly: true);

        var refused = Regbench.Run(folder.Path, Run(mount.Path));
        mount.Remount(readOnly: false);
        var afterwards = Regbench.Run(folder.Path, RunOneCell(mount.Path));

        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.Contains($"results database {Path.Combine(mount.Path, "regbench.db")} cannot be opened", refused.Error);
        Assert.Contains("read-only", refused.Error);
        Assert.True(afterwards.ExitCode == 0, afterwards.ToString());
    }

    [TmpfsFact]
    public void A_disk_that_fills_during_a_run_exits_3_and_resume_finishes_once_space_is_back()
    {
        using var mount = TmpfsMount.TryMount(16 * 1024, out _)!;
        var gate = folder.File("continue");
        using var run = RegbenchProcess.Start(folder.Path,
            new Dictionary<string, string?> { ["REGBENCH_FAULT_PAUSE"] = $"{FaultPoint.StoreCommit}:2", ["REGBENCH_FAULT_CONTINUE"] = gate }, RunOneCell(mount.Path));
        Assert.True(run.WaitForError("regbench-fault-point: paused", Patience), run.ToString());

        var filler = mount.Fill();
        File.WriteAllText(gate, "");
        Assert.True(run.WaitForExit(Patience), run.ToString());
        Assert.True(run.ExitCode == 3, $"exit {run.ExitCode}\n{run}");
        Assert.Contains("disk is full", run.Error);
        Assert.Contains("regbench resume", run.Error);
        File.Delete(filler);
        var resumed = Regbench.Run(folder.Path, "resume", "--results", mount.Path);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal("done", ResultsDatabase.Query(Path.Combine(mount.Path, "regbench.db"), "SELECT status FROM cells").Single()["status"]);
        Assert.Equal(ReliabilityProfile.Epochs, ResultsDatabase.Query(Path.Combine(mount.Path, "regbench.db"), "SELECT epoch FROM epochs").Count);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("newer schema")]
    public void An_unusable_database_exits_3_with_a_clear_error_and_the_file_untouched(string damage)
    {
        var database = folder.File("r/regbench.db");
        using (var store = new SqliteResultStore(database))
        {
            store.RegisterCell(new CellRecord("0123456789abcdef", ReliabilityProfile.Name, "synthetic", "mlp", "none", 0, 32, 3, "{}"));
            store.StartAttempt("0123456789abcdef", "run", "worker", "synthetic");
            store.CommitEpoch(new EpochRecord("0123456789abcdef", 1, 0.5, 0.5, 0.5, 0.5, 1e-3, 1, 1, 1), []);
        }
        Damage(database, damage);
        var before = SHA256.HashData(File.ReadAllBytes(database));

        var run = Regbench.Run(folder.Path, Run("r"));
        var resume = Regbench.Run(folder.Path, "resume", "--results", "r");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.True(resume.ExitCode == 3, resume.ToString());
        Assert.Contains($"results database {database}", run.Error);
        Assert.Contains(damage == "newer schema" ? "newer than this regbench supports" : "not an intact SQLite database", run.Error);
        Assert.DoesNotContain("   at ", run.Error); // one message, no stack trace
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(database)));
    }

    [Fact]
    public void Resume_marks_a_cell_whose_stored_json_holds_Infinity_failed_with_the_reason_instead_of_crashing()
    {
        var database = folder.File("old/regbench.db");
        const string cellId = "00000000000000ff";
        using (var store = new SqliteResultStore(database))
            store.RegisterCell(new CellRecord(cellId, ReliabilityProfile.Name, "synthetic", "mlp", "none", 0, 32, 3,
                """{"architecture":{"name":"mlp","options":{}},"optimizer":{"lr":Infinity}}"""));

        var resumed = Regbench.Run(folder.Path, "resume", "--results", "old");

        Assert.True(resumed.ExitCode == 1, resumed.ToString());
        Assert.Contains($"cell {cellId}: cells.options_json in {database} is not the canonical JSON of a cell", resumed.Error);
        Assert.DoesNotContain("Unhandled exception", resumed.Error);
        var cell = ResultsDatabase.Query(database, "SELECT status, error FROM cells").Single();
        Assert.Equal("failed", cell["status"]);
        Assert.Single(ResultsDatabase.Query(database, $"SELECT message FROM events WHERE cell_id = '{cellId}' AND level = 'error'"));
    }

    private static void Damage(string database, string damage)
    {
        switch (damage)
        {
            case "garbage":
                File.WriteAllBytes(database, [.. Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 131 % 251))]);
                break;
            case "truncated":
                var bytes = File.ReadAllBytes(database);
                File.WriteAllBytes(database, bytes[..(bytes.Length / 3)]);
                break;
            default:
                using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA user_version = 99;";
                    command.ExecuteNonQuery();
                }
                break;
        }
        foreach (var sidecar in new[] { "-wal", "-shm" }) File.Delete(database + sidecar);
    }

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();
}
