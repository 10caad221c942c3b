namespace RegBench.Cli.Tests.Reliability;

/// <summary>
/// A damaged or deleted checkpoint never fails a cell: resume falls back to the previous intact checkpoint, or to epoch 1,
/// says so in `events`, and still ends with the rows of an uninterrupted run.
/// </summary>
public sealed class CheckpointDamageTests(CheckpointDamageTests.KilledCell killed) : IClassFixture<CheckpointDamageTests.KilledCell>, IDisposable
{
    private static readonly string[] OneCell = ["--filter", "seed=0", "--filter", "regularizer=spectral-scaling"];
    private readonly TempDirectory folder = killed.CopyKilledRun();

    /// <summary>
    /// Made once for the class: a clean run of one spectral-scaling cell, and the same cell killed while writing its 3rd
    /// checkpoint (epochs 1 and 2 stored, with their checkpoints). Each test damages a copy of the killed run.
    /// </summary>
    public sealed class KilledCell : IDisposable
    {
        private readonly TempDirectory origin = new();

        /// <summary>Runs the clean cell and the killed one.</summary>
        public KilledCell()
        {
            ReliabilityProfile.WriteTo(origin);
            Assert.Equal(0, Regbench.Run(origin.Path, ["run", "--profile", ReliabilityProfile.Name, "--results", "clean", .. OneCell]).ExitCode);
            using var run = RegbenchProcess.Start(origin.Path, new Dictionary<string, string?> { ["REGBENCH_FAULT_PAUSE"] = "checkpoint-write:3" },
                ["run", "--profile", ReliabilityProfile.Name, "--results", "damaged", .. OneCell]);
            Assert.True(run.WaitForError("regbench-fault-point: paused", TimeSpan.FromMinutes(3)), run.ToString());
            run.Kill(); // epochs 1 and 2 stored; both checkpoints kept (the latest and the one before it)
        }

        /// <summary>A fresh folder holding experiments.json, clean/ and damaged/ as the fixture left them.</summary>
        public TempDirectory CopyKilledRun()
        {
            var copy = new TempDirectory();
            foreach (var file in Directory.GetFiles(origin.Path, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.Path, Path.GetRelativePath(origin.Path, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            return copy;
        }

        /// <inheritdoc />
        public void Dispose() => origin.Dispose();
    }

    [Theory]
    [InlineData("corrupt", "is corrupt (its SHA-256 does not match")]
    [InlineData("truncated", "is truncated")]
    [InlineData("deleted", "is missing")]
    public void A_damaged_latest_checkpoint_is_reported_in_events_and_the_cell_still_ends_with_the_clean_rows(string damage, string reported)
    {
        var latest = Directory.GetFiles(folder.File("damaged/checkpoints"), "epoch-0002.ckpt", SearchOption.AllDirectories).Single();
        Damage(latest, damage);

        var resumed = Regbench.Run(folder.Path, "resume", "--results", "damaged");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var events = ResultsDatabase.Query(folder.File("damaged/regbench.db"), "SELECT message FROM events").Select(e => (string)e["message"]!).ToList();
        Assert.Contains(events, e => e.Contains(reported, StringComparison.Ordinal) && e.Contains("not resuming after epoch 2", StringComparison.Ordinal));
        Assert.Contains(events, e => e.StartsWith("resumed after epoch 1 from", StringComparison.Ordinal));
        Assert.Equal(ReliabilityProfile.Rows(folder.File("clean/regbench.db"), "epochs", ReliabilityProfile.EpochColumns, "cell_id, epoch"),
            ReliabilityProfile.Rows(folder.File("damaged/regbench.db"), "epochs", ReliabilityProfile.EpochColumns, "cell_id, epoch"));
    }

    [Fact]
    public void Without_any_intact_checkpoint_the_cell_restarts_from_epoch_1_and_says_so()
    {
        foreach (var checkpoint in Directory.GetFiles(folder.File("damaged/checkpoints"), "*.ckpt", SearchOption.AllDirectories)) Damage(checkpoint, "corrupt");

        var resumed = Regbench.Run(folder.Path, "resume", "--results", "damaged");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var events = ResultsDatabase.Query(folder.File("damaged/regbench.db"), "SELECT message FROM events").Select(e => (string)e["message"]!).ToList();
        Assert.Contains("no intact checkpoint of the 2 stored epochs; the cell restarts from epoch 1", events);
        Assert.Equal(ReliabilityProfile.Rows(folder.File("clean/regbench.db"), "epochs", ReliabilityProfile.EpochColumns, "cell_id, epoch"),
            ReliabilityProfile.Rows(folder.File("damaged/regbench.db"), "epochs", ReliabilityProfile.EpochColumns, "cell_id, epoch"));
    }

    private static void Damage(string checkpoint, string damage)
    {
        switch (damage)
        {
            case "corrupt":
                using (var stream = File.OpenWrite(checkpoint))
                {
                    stream.Position = stream.Length / 2;
                    stream.Write([0xde, 0xad, 0xbe, 0xef]);
                }
                break;
            case "truncated":
                using (var stream = File.OpenWrite(checkpoint)) stream.SetLength(stream.Length - 100);
                break;
            default:
                File.Delete(checkpoint);
                break;
        }
    }

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();
}
