using System.CommandLine;
using RegBench.Cli.Slurm;
using RegBench.Engine;
using RegBench.Results;

namespace RegBench.Cli.Commands;

/// <summary>`regbench slurm`: print an sbatch array script, sharded over SQLite stores or as workers of a PostgreSQL store.</summary>
public sealed class SlurmCommand
{
    private readonly Option<string> profile = new("--profile") { Description = "Profile to run.", DefaultValueFactory = _ => "quick" };
    private readonly Option<int> array = new("--array") { Description = "Number of array tasks (shards or workers).", Required = true };
    private readonly Option<string?> store = new("--store") { Description = "postgres:// URI: worker mode (default: $REGBENCH_STORE read at job time if it is set now, else shard mode)." };
    private readonly Option<string?> config = CommonOptions.Config();
    private readonly Option<string> results = CommonOptions.Results();
    private readonly Option<string?> partition = new("--partition") { Description = "#SBATCH --partition." };
    private readonly Option<string?> time = new("--time") { Description = "#SBATCH --time, e.g. 24:00:00." };
    private readonly Option<string?> gpus = new("--gpus") { Description = "#SBATCH --gpus per task, e.g. 1 (adds --device auto)." };
    private readonly Option<string> regbench = new("--regbench") { Description = "How the job runs regbench (a command on the nodes' PATH or a path).", DefaultValueFactory = _ => "regbench" };

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("slurm", "Print an sbatch script that runs a profile as a Slurm job array (shards + merge, or PostgreSQL workers).")
            { profile, array, store, config, results, partition, time, gpus, regbench };
        command.SetAction(parse => CommandErrors.Guard(() => Execute(parse)));
        return command;
    }

    private int Execute(ParseResult parse)
    {
        var tasks = parse.GetValue(array);
        if (tasks < 1)
        {
            Console.Error.WriteLine($"error: --array must be ≥ 1, found {tasks}.");
            return ExitCodes.Usage;
        }
        var explicitStore = parse.GetValue(store);
        if (explicitStore is not null && !PostgresAddress.Matches(explicitStore))
            throw new StoreAddressException($"--store '{explicitStore}': regbench slurm takes a postgres:// URI for worker mode; leave it out for shard mode (one SQLite store per task).");
        if (explicitStore is not null) PostgresAddress.Parse(explicitStore);
        var fromEnvironment = explicitStore is null && Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable) is { } value && PostgresAddress.Matches(value);
        try
        {
            Console.Write(new SlurmScript(parse.GetValue(profile)!, tasks, parse.GetValue(regbench)!, parse.GetValue(results)!)
            {
                Store = explicitStore, StoreFromEnvironment = fromEnvironment, Config = parse.GetValue(config),
                Partition = parse.GetValue(partition), Time = parse.GetValue(time), Gpus = parse.GetValue(gpus),
            }.Render());
            return ExitCodes.Ok;
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return ExitCodes.Usage;
        }
    }
}
