using RegBench.Results;

namespace RegBench.Reporting.Tests;

/// <summary>
/// A SQLite store in a temp folder filled with known numbers. Two architectures (mlp: threshold 0.8, reached;
/// cnn: threshold 0.99, never reached), regularizers none and wd, seeds 0–2, two epochs, three layers; one failed cell.
/// Final test accuracy of mlp/none is 0.80, 0.82, 0.84 (train 0.10 higher), of mlp/wd 0.85 for every seed (train 0.93).
/// </summary>
public sealed class KnownStore : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("regbench-report-").FullName;

    public SqliteResultStore Store { get; }

    public KnownStore()
    {
        Store = new SqliteResultStore(Path.Combine(Directory, "regbench.db"));
        Store.BeginRun(new RunRecord("run1", DateTimeOffset.UtcNow, "test-machine", "regbench run", "p"));
        double[] noneAcc = [0.80, 0.82, 0.84], noneLoss = [0.50, 0.60, 0.70];
        for (var seed = 0; seed < 3; seed++)
        {
            Cell("mlp", "none", seed, 0.8, noneAcc[seed] + 0.10, noneAcc[seed], noneLoss[seed], stepMs: 2);
            Cell("mlp", "wd", seed, 0.8, 0.93, 0.85, 0.40, stepMs: 3);
            Cell("cnn", "none", seed, 0.99, 0.90 + 0.01 * seed, 0.70, 0.90, stepMs: 5);
            Cell("cnn", "wd", seed, 0.99, 0.91, 0.72 + 0.01 * seed, 0.85, stepMs: 6);
        }
        var failed = new CellRecord("failedcell000001", "p", "ds", "mlp", "wd", 3, 64, 2, "{}") { GapThreshold = 0.8 };
        Store.RegisterCell(failed);
        Store.StartAttempt(failed.CellId, "run1", "w", "ds");
        Store.Finish(failed.CellId, CellStatus.Diverged, "loss is NaN at epoch 1, step 3");
    }

    private void Cell(string architecture, string regularizer, int seed, double threshold, double trainFinal, double testFinal, double lossFinal, double stepMs)
    {
        var id = $"{architecture}{regularizer}{seed}".PadRight(16, '0');
        Store.RegisterCell(new CellRecord(id, "p", "ds", architecture, regularizer, seed, 64, 2, "{}") { GapThreshold = threshold });
        Store.StartAttempt(id, "run1", "w", "ds (used)");
        for (var epoch = 1; epoch <= 2; epoch++)
        {
            var last = epoch == 2;
            var epochRecord = new EpochRecord(id, epoch, last ? lossFinal * 0.8 : 1.5, last ? trainFinal : 0.5, last ? lossFinal : 1.6, last ? testFinal : 0.45,
                0.001, stepMs, stepMs * 1.2, 1.0)
            {
                Sensitivity = 0.1 * (seed + 1) + (regularizer == "wd" ? 0.5 : 0),
                Extra = new Dictionary<string, double> { ["sigma_max_mean"] = 1 + epoch, ["sigma_max_std"] = 0.1 * epoch },
            };
            var layers = new[] { "fc0", "fc1", "out" }.Select((name, k) => new LayerRecord(id, epoch, name, "Linear", 8, 8,
                SigmaMax: 1 + k + 0.1 * epoch, Frobenius: 2 + k, StableRank: 3 - 0.2 * k, EffectiveRank: 5 - 0.3 * k - 0.1 * epoch, NumericalRank: 8)
            {
                Spectrum = Enumerable.Range(0, 8).Select(i => (1 + k + 0.1 * epoch) * Math.Pow(0.8 + 0.02 * k, i)).ToArray(),
            }).ToList();
            Store.CommitEpoch(epochRecord, layers);
        }
        Store.Finish(id, CellStatus.Done);
    }

    public void Dispose()
    {
        Store.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
