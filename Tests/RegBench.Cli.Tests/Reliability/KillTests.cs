using System.Diagnostics;
using RegBench.Results;
using Xunit.Abstractions;

namespace RegBench.Cli.Tests.Reliability;

/// <summary>
/// SIGKILL anywhere loses nothing: `regbench run` on 6 cells × 3 epochs is killed at seeded random moments — paused inside
/// a checkpoint write, inside the store's epoch transaction, or after a random share of the clean run's time — and `regbench resume` is run after
/// each kill. The end state equals an uninterrupted run's, row for row.
/// </summary>
public sealed class KillTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 16;
    private const int Rounds = 12;
    private const int RequiredKills = 10;
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(2);
    private readonly TempDirectory folder = new();

    [Fact]
    public void Runs_killed_at_ten_random_moments_and_resumed_end_with_the_rows_of_an_uninterrupted_run()
    {
        ReliabilityProfile.WriteTo(folder);
        var clock = Stopwatch.StartNew();
        var clean = Regbench.Run(folder.Path, "run", "--profile", ReliabilityProfile.Name, "--results", "clean");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        var cleanSeconds = clock.Elapsed.TotalSeconds;

        var random = new Random(Seed);
        var kills = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var moment = round switch
            {
                0 => Pause(FaultPoint.CheckpointWrite, random.Next(1, 3)),
                1 => Pause(FaultPoint.StoreCommit, random.Next(1, 3)),
                _ => random.Next(5) switch
                {
                    < 2 => Pause(FaultPoint.CheckpointWrite, random.Next(1, 3)),
                    < 4 => Pause(FaultPoint.StoreCommit, random.Next(1, 3)),
                    // 3–20% of the clean run, which is mostly start-up: on any machine the kill lands before the remaining work is done.
                    _ => $"after {Math.Max(100, (int)(cleanSeconds * 1000 * (0.03 + 0.17 * random.NextDouble())))} ms",
                },
            };
            if (KillAt(round, moment) is not { } killed) break;
            kills.Add(killed);
        }
        var resumed = Regbench.Run(folder.Path, "resume", "--results", "killed");

        output.WriteLine($"clean run {cleanSeconds:F1} s; {kills.Count} kills survived in {clock.Elapsed.TotalSeconds:F1} s:\n  {string.Join("\n  ", kills)}");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.True(kills.Count >= RequiredKills, $"only {kills.Count} kills landed before the work ran out: {string.Join("; ", kills)}");
        Assert.Contains(kills, k => k.Contains(FaultPoint.CheckpointWrite, StringComparison.Ordinal));
        Assert.Contains(kills, k => k.Contains(FaultPoint.StoreCommit, StringComparison.Ordinal));
        AssertSameRowsAsClean();
    }

    private static string Pause(string point, int arrival) => $"{point}:{arrival}";

    /// <summary>Starts the round's process, kills it at <paramref name="moment"/>; returns what was killed, or null when it finished first.</summary>
    private string? KillAt(int round, string moment)
    {
        var args = round == 0
            ? new[] { "run", "--profile", ReliabilityProfile.Name, "--results", "killed" }
            : ["resume", "--results", "killed"];
        var paused = !moment.StartsWith("after ", StringComparison.Ordinal);
        using var child = RegbenchProcess.Start(folder.Path, new Dictionary<string, string?> { ["REGBENCH_FAULT_PAUSE"] = paused ? moment : null }, args);
        var reached = paused
            ? child.WaitForError($"regbench-fault-point: paused at {moment.Replace(":", " #", StringComparison.Ordinal)}", RoundTimeout)
            : !child.WaitForExit(TimeSpan.FromMilliseconds(int.Parse(moment.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)));
        if (!reached)
        {
            Assert.True(child.WaitForExit(RoundTimeout), $"round {round} ({moment}) neither paused nor ended\n{child}");
            Assert.True(child.ExitCode == 0, $"round {round} ({moment}) ended with {child.ExitCode}\n{child}");
            return null;
        }
        var epochs = ResultsDatabase.Query(folder.File("killed/regbench.db"), "SELECT COUNT(*) AS n FROM epochs").Single()["n"];
        child.Kill();
        return $"round {round}: SIGKILL {(paused ? "paused at " : "")}{moment} ({epochs} epochs stored)";
    }

    private void AssertSameRowsAsClean()
    {
        var (clean, killed) = (folder.File("clean/regbench.db"), folder.File("killed/regbench.db"));
        Assert.Equal(Enumerable.Repeat("done", ReliabilityProfile.Cells), ResultsDatabase.Query(killed, "SELECT status FROM cells").Select(r => (string)r["status"]!));
        Assert.Equal(ReliabilityProfile.Cells * ReliabilityProfile.Epochs, ReliabilityProfile.Rows(clean, "epochs", ReliabilityProfile.EpochColumns, "cell_id, epoch").Count);
        Assert.Equal(ReliabilityProfile.Rows(clean, "epochs", ReliabilityProfile.EpochColumns, "cell_id, epoch"),
            ReliabilityProfile.Rows(killed, "epochs", ReliabilityProfile.EpochColumns, "cell_id, epoch"));
        Assert.Equal(ReliabilityProfile.Rows(clean, "layers", ReliabilityProfile.LayerColumns, "cell_id, epoch, layer"),
            ReliabilityProfile.Rows(killed, "layers", ReliabilityProfile.LayerColumns, "cell_id, epoch, layer"));
        Assert.Empty(ResultsDatabase.Query(killed, "SELECT cell_id, epoch FROM epochs GROUP BY cell_id, epoch HAVING COUNT(*) > 1"));
        Assert.Empty(ResultsDatabase.Query(killed, "SELECT cell_id, epoch, layer FROM layers GROUP BY cell_id, epoch, layer HAVING COUNT(*) > 1"));
        var leftovers = Directory.GetFiles(folder.File("killed"), "*", SearchOption.AllDirectories)
            .Where(f => f.Contains(".tmp", StringComparison.Ordinal) || f.EndsWith("-journal", StringComparison.Ordinal)).ToList();
        Assert.Empty(leftovers);
    }

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();
}
