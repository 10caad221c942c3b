using System.Globalization;
using System.Text.Json.Nodes;
using RegBench.Reporting.Replication;

namespace RegBench.Cli.Tests;

/// <summary>
/// The replication path end to end at tiny scale: the repository's two CPU-scale replication profiles, one epoch on 4096
/// Fashion-MNIST training images (the engine's synthetic fallback where the files are absent), then
/// `report --replication`; the tables must hold the store's numbers and the figures must exist.
/// </summary>
public sealed class ReplicationReportTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Both_fashion_profiles_trained_one_epoch_give_replication_reports_with_the_stores_numbers()
    {
        WriteLimitedExperiments();
        var hess = Regbench.Run(folder.Path, "run", "--profile", "hess2023-fashion", "--epochs", "1", "--filter", "seed=0,1");
        Assert.True(hess.ExitCode == 0, hess.ToString());
        var yoshida = Regbench.Run(folder.Path, "run", "--profile", "yoshida2017-fashion", "--epochs", "1", "--filter", "seed=0,1",
            "--filter", "regularizer=none,sn-regularization");
        Assert.True(yoshida.ExitCode == 0, yoshida.ToString());

        var report = Regbench.Run(folder.Path, "report", "--replication", "hess2023-fashion,yoshida2017-fashion", "--out", "replication");

        Assert.True(report.ExitCode == 0, report.ToString());
        var database = folder.File("results", "regbench.db");
        var hessText = File.ReadAllText(folder.File("replication", "hess2023-fashion", "replication.md"));
        foreach (var regularizer in HessHutchisonStudy.Regularizers)
        {
            var accuracies = FinalValues(database, "hess2023-fashion", regularizer, "test_acc").Select(a => a * 100).ToList();
            Assert.Equal(2, accuracies.Count);
            Assert.Contains($"{F(accuracies.Average(), 2)} ± {F(SampleStd(accuracies), 2)} / ", hessText);
            Assert.Contains($"| {regularizer} | {F(FinalMeanSigma(database, regularizer), 3)} ± ", hessText);
        }
        Assert.All(PublishedNumbers.HessHutchison, p => Assert.Contains($"{F(p.TestAccuracyPercent, 2)} / {F(p.TestLoss, 2)}", hessText));
        AssertFiguresExist("hess2023-fashion", hessText, minimum: 3);

        var yoshidaText = File.ReadAllText(folder.File("replication", "yoshida2017-fashion", "replication.md"));
        foreach (var batch in new[] { 64, 4096 })
        {
            var accuracies = FinalValues(database, "yoshida2017-fashion", "none", "test_acc", batch);
            Assert.Contains($"| {batch} | ", yoshidaText);
            Assert.Contains($"{F(accuracies.Average(), 3)} ± {F(SampleStd(accuracies), 3)}", yoshidaText);
        }
        Assert.Contains("Published: generalization gap at threshold (McGill Table 4)", yoshidaText);
        var seconds = ResultsDatabase.Query(database, "SELECT SUM(e.epoch_seconds) AS s FROM epochs e JOIN cells c USING (cell_id) WHERE c.profile = 'yoshida2017-fashion'")[0]["s"];
        Assert.Contains($"**{WallTimeSection.Hours(Convert.ToDouble(seconds, CultureInfo.InvariantCulture))}** |", yoshidaText);
        AssertFiguresExist("yoshida2017-fashion", yoshidaText, minimum: 1);
        Assert.True(File.Exists(folder.File("replication", "yoshida2017-fashion", "figures", "gap-vs-sensitivity.png")));
    }

    [Fact]
    public void A_replication_name_that_is_no_study_exits_2_naming_the_studies()
    {
        folder.Write("experiments.json", """
            { "profiles": { "tiny": { "datasets": [{ "name": "synthetic", "trainSize": 64, "testSize": 32 }],
                "architectures": [{ "name": "mlp", "depth": 1, "width": 8 }], "regularizers": ["none"], "epochs": 1, "seeds": [0], "batchSize": 32 } } }
            """);
        Assert.Equal(0, Regbench.Run(folder.Path, "run", "--profile", "tiny").ExitCode);

        var result = Regbench.Run(folder.Path, "report", "--replication", "tiny");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("hess2023, yoshida2017", result.Error);
    }

    /// <summary>
    /// The repository's experiments.json with both profiles' dataset limited to 4096 training and 512 test images, and
    /// hess2023-fashion cut to its first (depth-5) architecture.
    /// </summary>
    private void WriteLimitedExperiments()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "RegBench.sln"))) root = Path.GetDirectoryName(root)!;
        var experiments = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "experiments.json")), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        experiments.AsObject().Remove("$schema");
        foreach (var profile in new[] { "hess2023-fashion", "yoshida2017-fashion" })
            experiments["profiles"]![profile]!["datasets"] = new JsonArray(new JsonObject { ["name"] = "fashion-mnist", ["trainLimit"] = 4096, ["testLimit"] = 512 });
        var architectures = experiments["profiles"]!["hess2023-fashion"]!["architectures"]!.AsArray();
        experiments["profiles"]!["hess2023-fashion"]!["architectures"] = new JsonArray(architectures[0]!.DeepClone());
        folder.Write("experiments.json", experiments.ToJsonString());
    }

    private void AssertFiguresExist(string name, string markdown, int minimum)
    {
        var figures = Directory.GetFiles(folder.File("replication", name, "figures"), "*.png");
        Assert.True(figures.Length >= minimum, $"{figures.Length} figures for {name}");
        Assert.All(figures, f =>
        {
            Assert.True(new FileInfo(f).Length > 1000, f);
            Assert.Contains($"(figures/{Path.GetFileName(f)})", markdown);
        });
    }

    private static List<double> FinalValues(string database, string profile, string regularizer, string column, int? batch = null) =>
        ResultsDatabase.Query(database,
                $"SELECT e.{column} AS v FROM epochs e JOIN cells c USING (cell_id) WHERE c.profile = '{profile}' AND c.status = 'done' " +
                $"AND c.options_json LIKE '%\"regularizer\":{{\"name\":\"{regularizer}\"%' {(batch is { } b ? $"AND c.batch_size = {b}" : "")} " +
                "AND e.epoch = (SELECT MAX(epoch) FROM epochs WHERE cell_id = c.cell_id) ORDER BY c.seed")
            .Select(r => Convert.ToDouble(r["v"], CultureInfo.InvariantCulture)).ToList();

    /// <summary>Mean over seeds of the mean σ₁ across layers at each cell's last epoch, straight from the layers table.</summary>
    private static double FinalMeanSigma(string database, string regularizer) =>
        ResultsDatabase.Query(database,
                "SELECT AVG(l.sigma_max) AS v FROM layers l JOIN cells c USING (cell_id) WHERE c.profile = 'hess2023-fashion' " +
                $"AND c.options_json LIKE '%\"regularizer\":{{\"name\":\"{regularizer}\"%' " +
                "AND l.epoch = (SELECT MAX(epoch) FROM layers WHERE cell_id = c.cell_id) GROUP BY c.cell_id")
            .Average(r => Convert.ToDouble(r["v"], CultureInfo.InvariantCulture));

    private static double SampleStd(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    private static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
