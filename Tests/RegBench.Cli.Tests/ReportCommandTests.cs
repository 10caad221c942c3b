namespace RegBench.Cli.Tests;

public sealed class ReportCommandTests : IDisposable
{
    private readonly TempDirectory folder = new();

    [Fact]
    public void Run_with_tensorboard_then_report_writes_event_files_markdown_html_csv_and_figures()
    {
        folder.Write("experiments.json", """
            { "profiles": { "tiny": {
                "datasets": [{ "name": "synthetic", "trainSize": 256, "testSize": 64 }], "architectures": [{ "name": "mlp", "depth": 1, "width": 16 }],
                "regularizers": ["none", "weight-decay"], "epochs": 2, "seeds": [0], "batchSize": 128, "gapThreshold": 0.1 } } }
            """);
        var run = Regbench.Run(folder.Path, "run", "--profile", "tiny", "--tensorboard", "tb");
        Assert.True(run.ExitCode == 0, run.ToString());

        var report = Regbench.Run(folder.Path, "report");

        Assert.True(report.ExitCode == 0, report.ToString());
        var runs = Directory.GetDirectories(folder.File("tb"));
        Assert.Equal(2, runs.Length);
        Assert.All(runs, r => Assert.NotEmpty(Directory.GetFiles(r, "events.out.tfevents.*")));
        var output = folder.File("results/report");
        Assert.True(File.Exists(Path.Combine(output, "report.md")), report.ToString());
        Assert.Contains("weight-decay", File.ReadAllText(Path.Combine(output, "report.md")));
        Assert.Contains("data:image/png;base64,", File.ReadAllText(Path.Combine(output, "report.html")));
        Assert.True(File.Exists(Path.Combine(output, "csv", "results.csv")));
        Assert.True(Directory.GetFiles(Path.Combine(output, "figures"), "*.png").Length >= 8, report.ToString());
    }

    [Fact]
    public void Report_without_a_store_exits_2_naming_the_path()
    {
        var result = Regbench.Run(folder.Path, "report", "--results", "nothing-here");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(folder.File("nothing-here/regbench.db"), result.Error);
        Assert.False(Directory.Exists(folder.File("nothing-here")));
    }

    public void Dispose() => folder.Dispose();
}
