using System.Diagnostics;
using System.Text.RegularExpressions;
using RegBench.Results.Tests;

namespace RegBench.Cli.Tests;

/// <summary>`regbench worker` processes sharing one real PostgreSQL store (REGBENCH_TEST_POSTGRES), one schema per test.</summary>
public sealed partial class WorkerQueueTests : IDisposable
{
    private const string MetricColumns = "cell_id, epoch, train_loss, train_acc, test_loss, test_acc, sensitivity";
    private readonly TempDirectory folder = new();
    private readonly Lazy<TestPostgres> database = new(() => new TestPostgres());

    // One intra-op thread per process: four workers share two cores, and the reference run must compute the same way.
    private static readonly Dictionary<string, string?> Environment = new() { ["OMP_NUM_THREADS"] = "1", ["REGBENCH_STORE"] = null };

    [PostgresFact]
    public void Four_worker_processes_claim_every_cell_of_a_40_cell_matrix_exactly_once()
    {
        folder.Write("experiments.json", """
            { "profiles": { "grid": {
                "datasets": [{ "name": "synthetic", "trainSize": 64, "testSize": 32 }],
                "architectures": [{ "name": "mlp", "depth": 1, "width": 8 }],
                "regularizers": ["none", "weight-decay", "frobenius-scaling", "spectral-scaling"],
                "epochs": 1, "seeds": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "batchSize": 32 } } }
            """);

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => Regbench.Run(folder.Path, Environment,
            "worker", "--store", database.Value.Address, "--profile", "grid", "--checkpoints", "shared-checkpoints", "--idle-exit", "30"))).ToArray();
        Task.WaitAll(workers);

        foreach (var worker in workers) Assert.True(worker.Result.ExitCode == 0, worker.Result.ToString());
        var claimedByWorkers = workers.SelectMany(w => ClaimedCell().Matches(w.Result.Output).Select(m => m.Groups[1].Value)).ToList();
        var cells = database.Value.Query("SELECT cell_id, status, attempt, device FROM cells");
        Assert.Equal(40, cells.Count);
        Assert.All(cells, c => Assert.Equal(("done", 1, "cpu"), ((string)c["status"]!, (int)c["attempt"]!, (string)c["device"]!)));
        Assert.Equal(cells.Select(c => (string)c["cell_id"]!).Order(), claimedByWorkers.Order());
        Assert.Equal(40L, database.Value.Query("SELECT COUNT(*) AS n FROM epochs").Single()["n"]);
    }

    [PostgresFact]
    public void A_worker_killed_mid_cell_loses_it_to_another_worker_and_the_epochs_equal_an_uninterrupted_run()
    {
        folder.Write("experiments.json", """
            { "profiles": { "k": {
                "datasets": [{ "name": "synthetic", "trainSize": 1500, "testSize": 200 }],
                "architectures": [{ "name": "mlp", "depth": 2, "width": 128 }], "regularizers": ["spectral-scaling"],
                "epochs": 3, "seeds": [0, 1], "batchSize": 50 } } }
            """);
        var reference = Regbench.Run(folder.Path, Environment, "run", "--profile", "k", "--store", "reference.db");
        Assert.True(reference.ExitCode == 0, reference.ToString());
        string[] workerArgs = ["worker", "--store", database.Value.Address, "--profile", "k", "--checkpoints", "shared-checkpoints",
            "--heartbeat", "0.5", "--stale-after", "3", "--idle-exit", "60"];

        string victimCell;
        using (var victim = Start(workerArgs))
        {
            WaitForFirstEpoch(victim);
            victim.Kill(); // SIGKILL: no release, no last heartbeat
            victim.WaitForExit();
            victimCell = (string)database.Value.Query("SELECT cell_id FROM cells WHERE status = 'running'").Single()["cell_id"]!;
        }
        var survivor = Regbench.Run(folder.Path, Environment, workerArgs);

        Assert.True(survivor.ExitCode == 0, survivor.ToString());
        var cell = database.Value.Query($"SELECT status, attempt, worker FROM cells WHERE cell_id = '{victimCell}'").Single();
        Assert.Equal(("done", 2), ((string)cell["status"]!, (int)cell["attempt"]!));
        Assert.Contains((string)cell["worker"]!, survivor.Output);
        Assert.Contains(database.Value.Query($"SELECT message FROM events WHERE cell_id = '{victimCell}'"),
            e => ((string)e["message"]!).StartsWith("resumed after epoch", StringComparison.Ordinal));
        var expected = ResultsDatabase.Query(folder.File("reference.db"), $"SELECT {MetricColumns} FROM epochs ORDER BY cell_id, epoch");
        var actual = database.Value.Query($"SELECT {MetricColumns} FROM epochs ORDER BY cell_id, epoch");
        Assert.Equal(6, expected.Count);
        Assert.Equal(expected.Select(Row), actual.Select(Row));
    }

    private static string Row(Dictionary<string, object?> row) =>
        string.Join("|", row.Values.Select(v => v is IFormattable number ? number.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : v?.ToString()));

    private Process Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "regbench.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["CI"] = "true";
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment.Remove("REGBENCH_STORE");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void WaitForFirstEpoch(Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited) throw new InvalidOperationException($"the worker exited early with {process.ExitCode}");
            try
            {
                if (database.Value.Query("SELECT COUNT(*) AS n FROM epochs").Single()["n"] is long n && n >= 1) return;
            }
            catch (Npgsql.PostgresException)
            {
                // The worker has not created its tables yet.
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException("the worker stored no epoch within 3 minutes");
    }

    [GeneratedRegex(@"^  ([0-9a-f]{16}) done$", RegexOptions.Multiline)]
    private static partial Regex ClaimedCell();

    public void Dispose()
    {
        if (database.IsValueCreated) database.Value.Dispose();
        folder.Dispose();
    }
}
