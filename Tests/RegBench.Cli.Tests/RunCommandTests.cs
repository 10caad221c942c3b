namespace RegBench.Cli.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly TempDirectory folder = new();

    private string Profile(string dataset, int epochs = 1, string regularizer = "none") => folder.Write("experiments.json", $$"""
        { "profiles": { "tiny": {
            "datasets": [{{dataset}}], "architectures": [{ "name": "mlp", "depth": 1, "width": 64 }],
            "regularizers": ["{{regularizer}}"], "epochs": {{epochs}}, "seeds": [0], "batchSize": 256 } } }
        """);

    private string Database => folder.File("results/regbench.db");

    [FashionMnistFact]
    public void Run_of_a_one_epoch_profile_exits_0_and_stores_epochs_above_chance_on_fashion_mnist()
    {
        Profile("\"fashion-mnist\"");
        var result = Regbench.Run(folder.Path, "run", "--profile", "tiny");

        Assert.True(result.ExitCode == 0, result.ToString());
        var epoch = Assert.Single(ResultsDatabase.Query(Database, "SELECT train_loss, test_loss, train_acc, test_acc FROM epochs"));
        Assert.All(epoch.Values, v => Assert.True(double.IsFinite(Convert.ToDouble(v)), result.ToString()));
        Assert.True(Convert.ToDouble(epoch["test_acc"]) > 0.5, $"test accuracy {epoch["test_acc"]} is not above chance (0.1)");
        var cell = Assert.Single(ResultsDatabase.Query(Database, "SELECT status, dataset_used FROM cells"));
        Assert.Equal("done", cell["status"]);
        Assert.Contains("/usr/share/datasets/fashion-mnist", (string)cell["dataset_used"]!);
        Assert.Contains("epoch 1/1", result.Output);
        Assert.False(result.Output.Contains('\u001b'), "plain output must hold no escape sequences");
    }

    [Fact]
    public void A_second_run_skips_cells_already_done()
    {
        Profile("{ \"name\": \"synthetic\", \"trainSize\": 512, \"testSize\": 128 }");
        Assert.Equal(0, Regbench.Run(folder.Path, "run", "--profile", "tiny").ExitCode);
        var again = Regbench.Run(folder.Path, "run", "--profile", "tiny");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("1 already done, 0 to run", again.Output);
        Assert.Single(ResultsDatabase.Query(Database, "SELECT * FROM epochs"));
    }

    [Fact]
    public void A_dataset_that_is_not_installed_falls_back_to_synthetic_with_one_warning_and_is_recorded()
    {
        Profile("{ \"name\": \"mnist\", \"trainLimit\": 512 }");
        var result = Regbench.Run(folder.Path, "run", "--profile", "tiny");

        Assert.True(result.ExitCode == 0, result.ToString());
        var warning = Assert.Single(result.Error.Split('\n'), l => l.StartsWith("warning:"));
        Assert.Contains("mnist not found", warning);
        Assert.Contains("--data-dir", warning);
        var cell = Assert.Single(ResultsDatabase.Query(Database, "SELECT dataset, dataset_used FROM cells"));
        Assert.StartsWith("mnist", (string)cell["dataset"]!);
        Assert.StartsWith("synthetic (fallback for mnist)", (string)cell["dataset_used"]!);
    }

    [Fact]
    public void Missing_experiment_file_exits_2_naming_the_path_and_writes_nothing()
    {
        var result = Regbench.Run(folder.Path, "run", "--config", "absent.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(folder.File("absent.json"), result.Error);
        Assert.False(Directory.Exists(folder.File("results")));
    }

    [Fact]
    public void Invalid_experiment_file_exits_2_with_located_errors_and_writes_nothing()
    {
        folder.Write("experiments.json", """
            { "profiles": { "tiny": { "datasets": ["synthetic"], "architectures": ["mlp"],
                "regularizers": ["nonee"], "epochs": 0 } } }
            """);
        var result = Regbench.Run(folder.Path, "run", "--profile", "tiny");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("experiments.json:2:22: error RB1001: unknown regularizer 'nonee' (did you mean 'none'?)", result.Error);
        Assert.Contains("experiments.json:2:42: error RB1005", result.Error);
        Assert.False(Directory.Exists(folder.File("results")));
    }

    [Fact]
    public void Data_dir_without_the_files_exits_3_naming_the_file_and_expected_size()
    {
        Profile("\"fashion-mnist\"");
        Directory.CreateDirectory(folder.File("data"));
        var result = Regbench.Run(folder.Path, "run", "--profile", "tiny", "--data-dir", folder.File("data"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(Path.Combine(folder.File("data"), "train-images-idx3-ubyte"), result.Error);
        Assert.Contains("47040016 bytes", result.Error);
        Assert.False(Directory.Exists(folder.File("results")));
    }

    [Fact]
    public void Data_dir_with_a_truncated_file_exits_3_naming_the_file_expected_and_found_sizes()
    {
        Profile("\"fashion-mnist\"");
        var data = Directory.CreateDirectory(folder.File("data")).FullName;
        IdxWriter.Images(Path.Combine(data, "train-images-idx3-ubyte"), count: 60000, writtenImages: 10);
        var result = Regbench.Run(folder.Path, "run", "--profile", "tiny", "--data-dir", data);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"{Path.Combine(data, "train-images-idx3-ubyte")}: expected 47040016 bytes", result.Error);
        Assert.Contains("found 7856 bytes", result.Error);
        Assert.False(Directory.Exists(folder.File("results")));
    }

    [Fact]
    public void Unknown_option_is_a_usage_error_with_exit_2()
    {
        var result = Regbench.Run(folder.Path, "run", "--frobnicate");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--frobnicate", result.Error);
    }

    public void Dispose() => folder.Dispose();
}
