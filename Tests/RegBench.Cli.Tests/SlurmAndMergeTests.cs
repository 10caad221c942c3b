namespace RegBench.Cli.Tests;

/// <summary>`regbench slurm` scripts (checked by bash and run with a stand-in regbench) and `regbench merge` of real shard runs.</summary>
public sealed class SlurmAndMergeTests : IDisposable
{
    private readonly TempDirectory folder = new();

    private string StandIn()
    {
        var path = folder.Write("fake-regbench", "#!/bin/sh\necho \"regbench $*\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private Regbench.Result Syntax(string script) => ChildProcess.Run("bash", folder.Path, null, TimeSpan.FromMinutes(1), ["-n", script]);

    [Fact]
    public void The_shard_script_is_valid_bash_and_runs_array_task_K_as_shard_K_of_N_into_its_own_store()
    {
        var printed = Regbench.Run(folder.Path, "slurm", "--profile", "quick", "--array", "4", "--partition", "gpu", "--time", "02:00:00", "--regbench", StandIn());
        Assert.True(printed.ExitCode == 0, printed.ToString());
        var script = folder.Write("job.sh", printed.Output);

        Assert.Equal(0, Syntax(script).ExitCode);
        Assert.Contains("#SBATCH --array=1-4\n", printed.Output);
        Assert.Contains("#SBATCH --partition=gpu\n", printed.Output);
        Assert.Contains("#SBATCH --time=02:00:00\n", printed.Output);
        var task = ChildProcess.Run("bash", folder.Path, new Dictionary<string, string?>
        { ["SLURM_ARRAY_TASK_ID"] = "3", ["SLURM_ARRAY_TASK_COUNT"] = "4", ["SLURM_SUBMIT_DIR"] = folder.Path }, TimeSpan.FromMinutes(1), [script]);
        Assert.True(task.ExitCode == 0, task.ToString());
        Assert.Equal("regbench run --profile quick --results results --shard 3/4 --store results/shards/shard-3.db", task.Output.Trim());
        Assert.Contains("merge results/regbench.db results/shards/shard-*.db", printed.Output);
    }

    [Fact]
    public void With_a_postgres_store_every_array_task_is_a_worker_of_that_store()
    {
        var printed = Regbench.Run(folder.Path, new Dictionary<string, string?> { ["REGBENCH_STORE"] = null },
            "slurm", "--profile", "quick", "--array", "8", "--gpus", "1", "--store", "postgres://u:p@db.cluster:5432/bench", "--regbench", StandIn());
        Assert.True(printed.ExitCode == 0, printed.ToString());
        var script = folder.Write("job.sh", printed.Output);

        Assert.Equal(0, Syntax(script).ExitCode);
        var task = ChildProcess.Run("bash", folder.Path, new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = "5", ["SLURM_SUBMIT_DIR"] = folder.Path },
            TimeSpan.FromMinutes(1), [script]);
        Assert.Equal("regbench worker --store postgres://u:p@db.cluster:5432/bench --profile quick --results results --device auto --checkpoints results/checkpoints",
            task.Output.Trim());
        Assert.Contains("#SBATCH --gpus=1\n", printed.Output);
    }

    [Fact]
    public void Shard_runs_merged_hold_the_same_cells_and_epochs_as_one_unsharded_run()
    {
        folder.Write("experiments.json", """
            { "profiles": { "s": {
                "datasets": [{ "name": "synthetic", "trainSize": 64, "testSize": 32 }],
                "architectures": [{ "name": "mlp", "depth": 1, "width": 8 }], "regularizers": ["none", "weight-decay"],
                "epochs": 2, "seeds": [0, 1], "batchSize": 32 } } }
            """);
        var environment = new Dictionary<string, string?> { ["OMP_NUM_THREADS"] = "1", ["REGBENCH_STORE"] = null };
        foreach (var (shard, store) in new[] { ("1/2", "a.db"), ("2/2", "b.db"), (null, "whole.db") })
        {
            var run = Regbench.Run(folder.Path, environment, [.. new[] { "run", "--profile", "s", "--store", store }, .. shard is null ? [] : new[] { "--shard", shard }]);
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        var merge = Regbench.Run(folder.Path, "merge", "merged.db", "a.db", "b.db");

        Assert.True(merge.ExitCode == 0, merge.ToString());
        Assert.Contains("4 cells, 8 epoch rows, 0 duplicates", merge.Output);
        const string epochs = "SELECT cell_id, epoch, train_loss, test_acc FROM epochs ORDER BY cell_id, epoch";
        Assert.Equal(ResultsDatabase.Query(folder.File("whole.db"), epochs).Select(r => string.Join("|", r.Values)),
            ResultsDatabase.Query(folder.File("merged.db"), epochs).Select(r => string.Join("|", r.Values)));
        Assert.Equal(4L, ResultsDatabase.Query(folder.File("merged.db"), "SELECT COUNT(*) AS n FROM cells WHERE status = 'done'").Single()["n"]);
    }

    [Fact]
    public void Merge_into_an_existing_store_exits_2_naming_it()
    {
        folder.Write("exists.db", "");

        var merge = Regbench.Run(folder.Path, "merge", "exists.db", "a.db");

        Assert.Equal(2, merge.ExitCode);
        Assert.Contains("exists.db already exists", merge.Error);
    }

    public void Dispose() => folder.Dispose();
}
