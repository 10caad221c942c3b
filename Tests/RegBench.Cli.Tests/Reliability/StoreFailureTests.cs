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
        var afterwards = Regbench.Run(folder.Path, Run(mount.Path));

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
            new Dictionary<string, string?> { ["REGBENCH_FAULT_PAUSE"] = $"{FaultPoint.StoreCommit}:2", ["REGBENCH_FAULT_CONTINUE"] = gate }, Run(mount.Path));
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
        Assert.Equal(ReliabilityProfile.Cells, ResultsDatabase.Query(Path.Combine(mount.Path, "regbench.db"), "SELECT status FROM cells").Count(r => (string)r["status"]! == "done"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("newer schema")]
    public void An_unusable_database_exits_3_with_a_clear_error_and_the_file_untouched(string damage)
    {
        Assert.Equal(0, Regbench.Run(folder.Path, "run", "--profile", ReliabilityProfile.Name, "--results", "r", "--filter", "seed=0", "--filter", "regularizer=none").ExitCode);
        var database = folder.File("r/regbench.db");
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
