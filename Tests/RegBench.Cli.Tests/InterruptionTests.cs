using System.Diagnostics;

namespace RegBench.Cli.Tests;

/// <summary>Crash safety through the real executable: SIGKILL then resume, and SIGTERM's exit code.</summary>
public sealed class InterruptionTests : IDisposable
{
    private readonly TempDirectory folder = new();
    private const string MetricColumns = "epoch, train_loss, train_acc, test_loss, test_acc, sensitivity";

    private void Profile() => folder.Write("experiments.json", """
        { "profiles": { "k": {
            "datasets": [{ "name": "synthetic", "trainSize": 1500, "testSize": 200 }],
            "architectures": [{ "name": "mlp", "depth": 2, "width": 64 }], "regularizers": ["spectral-scaling"],
            "epochs": 3, "seeds": [0], "batchSize": 50 } } }
        """);

    private Process Start(string results)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "regbench.dll"), "run", "--profile", "k", "--results", results })
            start.ArgumentList.Add(arg);
        start.Environment["CI"] = "true";
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static void WaitForEpoch(Reliability.RegbenchProcess process, string database, int epoch)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(4) && !process.HasExited)
        {
            if (EpochsStored(database) >= epoch) return;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"no epoch {epoch} in {database}\n{process}");
    }

    private static long EpochsStored(string database)
    {
        try
        {
            return File.Exists(database) && ResultsDatabase.Query(database, "SELECT COUNT(*) AS n FROM epochs").Single()["n"] is long n ? n : 0;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // the run has created the file but not yet its schema
        }
    }

    private void WaitForEpoch(Process process, string database, int epoch)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(4))
        {
            if (process.HasExited) throw new InvalidOperationException($"regbench exited early with {process.ExitCode}");
            try
            {
                if (File.Exists(database) && ResultsDatabase.Query(database, "SELECT COUNT(*) AS n FROM epochs").Single()["n"] is long n && n >= epoch) return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // The run has created the file but not yet its schema.
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException($"no epoch {epoch} in {database}");
    }

    [Fact]
    public void A_run_killed_mid_cell_and_resumed_stores_the_same_epochs_as_an_uninterrupted_run()
    {
        Profile();
        Assert.Equal(0, Regbench.Run(folder.Path, "run", "--profile", "k", "--results", "clean").ExitCode);
        using (var victim = Start("killed"))
        {
            WaitForEpoch(victim, folder.File("killed/regbench.db"), 1);
            victim.Kill(); // SIGKILL: no chance to clean up
            victim.WaitForExit();
        }
        var resumed = Regbench.Run(folder.Path, "resume", "--results", "killed");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var clean = ResultsDatabase.Query(folder.File("clean/regbench.db"), $"SELECT {MetricColumns} FROM epochs ORDER BY epoch");
        var killed = ResultsDatabase.Query(folder.File("killed/regbench.db"), $"SELECT {MetricColumns} FROM epochs ORDER BY epoch");
        Assert.Equal(3, clean.Count);
        Assert.Equal(clean.Select(r => string.Join("|", r.Values)), killed.Select(r => string.Join("|", r.Values)));
        Assert.Equal("done", ResultsDatabase.Query(folder.File("killed/regbench.db"), "SELECT status FROM cells").Single()["status"]);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void A_termination_signal_exits_130_leaves_whole_epochs_and_says_how_to_resume(string signal)
    {
        Profile();
        using var process = Reliability.RegbenchProcess.Start(folder.Path, new Dictionary<string, string?>(), "run", "--profile", "k", "--results", "term");
        WaitForEpoch(process, folder.File("term/regbench.db"), 1);
        process.Signal(signal);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), $"regbench did not stop after SIG{signal}");

        Assert.Equal(130, process.ExitCode);
        Assert.Contains($"Continue with: regbench resume --results {folder.File("term")}", process.Error);
        var cell = ResultsDatabase.Query(folder.File("term/regbench.db"), "SELECT status FROM cells").Single();
        Assert.Equal("running", cell["status"]);
        var epochs = ResultsDatabase.Query(folder.File("term/regbench.db"), "SELECT epoch FROM epochs ORDER BY epoch").Select(r => (long)r["epoch"]!).ToList();
        Assert.Equal(Enumerable.Range(1, epochs.Count).Select(e => (long)e), epochs);
        Assert.Equal(0, Regbench.Run(folder.Path, "resume", "--results", "term").ExitCode);
    }

    public void Dispose() => folder.Dispose();
}
