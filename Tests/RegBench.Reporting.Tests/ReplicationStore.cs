using RegBench.Results;

namespace RegBench.Reporting.Tests;

/// <summary>
/// A SQLite store shaped like a `hess2023-fashion` run: mlp depth 5, none / frobenius-scaling / spectral-scaling, seeds 0–2,
/// four epochs, three layers. Final test accuracy: none 0.80/0.82/0.84, frobenius 0.85 each, spectral 0.90/0.91/0.92.
/// Layer k of a cell has σ₁ = scale·(1 + k) + 0.1·epoch, with scale 4 (none), 2 (frobenius), 1 (spectral).
/// </summary>
public sealed class ReplicationStore : IDisposable
{
    public const string Profile = "hess2023-fashion";

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("regbench-replication-").FullName;

    public SqliteResultStore Store { get; }

    public ReplicationStore()
    {
        Store = new SqliteResultStore(Path.Combine(Directory, "regbench.db"));
        Store.BeginRun(new RunRecord("run1", DateTimeOffset.UtcNow, "test-machine", "regbench run", Profile));
        double[][] accuracy = [[0.80, 0.82, 0.84], [0.85, 0.85, 0.85], [0.90, 0.91, 0.92]];
        string[] regularizers = ["none", "frobenius-scaling", "spectral-scaling"];
        for (var r = 0; r < 3; r++)
            for (var seed = 0; seed < 3; seed++)
                Cell(regularizers[r], seed, accuracy[r][seed], sigmaScale: 4 >> r);
    }

    /// <summary>The canonical JSON a run stores for the cell (only the parts the replication report reads).</summary>
    public static string OptionsJson(string regularizer, int seed) =>
        "{\"architecture\":{\"name\":\"mlp\",\"options\":{\"activation\":\"relu\",\"bias\":false,\"depth\":5,\"width\":256},\"version\":1},\"batchSize\":512," +
        $"\"dataset\":{{\"name\":\"fashion-mnist\",\"options\":{{}},\"version\":1}},\"profile\":\"{Profile}\"," +
        $"\"regularizer\":{{\"name\":\"{regularizer}\",\"options\":{{}},\"version\":1}},\"seed\":{seed}}}";

    public static string CellId(string regularizer, int seed) => $"{regularizer[..4]}{seed}".PadRight(16, '0');

    private void Cell(string regularizer, int seed, double testFinal, int sigmaScale)
    {
        var id = CellId(regularizer, seed);
        Store.RegisterCell(new CellRecord(id, Profile, "fashion-mnist", "mlp(bias=false,depth=5,width=256)", regularizer, seed, 512, 4, OptionsJson(regularizer, seed)));
        Store.StartAttempt(id, "run1", "w", "fashion-mnist");
        for (var epoch = 1; epoch <= 4; epoch++)
        {
            var test = epoch == 4 ? testFinal : 0.5;
            Store.CommitEpoch(new EpochRecord(id, epoch, 0.4, test + 0.05, 0.5 + 0.1 * epoch, test, 0.001, 2, 3, 10) { Sensitivity = 0.1 * sigmaScale },
                Enumerable.Range(0, 3).Select(k => new LayerRecord(id, epoch, $"fc{k}", "Linear", 8, 8, sigmaScale * (1 + k) + 0.1 * epoch, 1, 1, 1, 8)).ToList());
        }
        Store.Finish(id, CellStatus.Done);
    }

    public void Dispose()
    {
        Store.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
