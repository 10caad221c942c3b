using System.CommandLine;
using RegBench.Cli.Arguments;
using RegBench.Cli.Rendering;
using RegBench.Engine.Experiments;
using RegBench.Engine.Queue;
using RegBench.Engine.Torch;
using RegBench.Experiments;
using RegBench.Results;

namespace RegBench.Cli.Commands;

/// <summary>`regbench worker`: enqueue a profile's matrix in a shared store and train cells claimed from it until none is left.</summary>
public sealed class WorkerCommand(ConsoleRunProgress progress)
{
    private readonly Option<string?> store = CommonOptions.Store();
    private readonly Option<string> profile = new("--profile") { Description = "Profile whose matrix is enqueued and worked on.", DefaultValueFactory = _ => "quick" };
    private readonly Option<string?> config = CommonOptions.Config();
    private readonly Option<string> results = CommonOptions.Results();
    private readonly Option<string?> checkpoints = new("--checkpoints") { Description = "Shared checkpoint folder, so another worker resumes a reclaimed cell (default: RESULTS/checkpoints)." };
    private readonly Option<int?> maxCells = new("--max-cells") { Description = "Stop after N cells." };
    private readonly Option<double> idleExit = new("--idle-exit") { Description = "Exit after SECONDS with nothing to claim while other workers still run cells.", DefaultValueFactory = _ => 120 };
    private readonly Option<double> staleAfter = new("--stale-after") { Description = "Reclaim a running cell whose heartbeat is older than SECONDS.", DefaultValueFactory = _ => 60 };
    private readonly Option<double> heartbeat = new("--heartbeat") { Description = "Refresh the heartbeat of the cell in training every SECONDS.", DefaultValueFactory = _ => 5 };
    private readonly Option<int?> epochs = new("--epochs") { Description = "Override the profile's epochs (changes the cell ids; give every worker the same value)." };
    private readonly Option<string?> dataDirectory = new("--data-dir") { Description = "Folder searched first for dataset files." };
    private readonly Option<string[]> filter = new("--filter") { Description = "Only cells matching AXIS=VALUE[,VALUE]; repeatable." };
    private readonly Option<string> device = CommonOptions.Device();
    private readonly Option<string[]> plugins = CommonOptions.Plugins();

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("worker", "Enqueue a profile's matrix in a shared store (PostgreSQL) and train claimed cells until the matrix is finished.")
            { store, profile, config, results, checkpoints, maxCells, idleExit, staleAfter, heartbeat, epochs, dataDirectory, filter, device, plugins };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandErrors.Guard(() => Execute(parse, cancellation))));
        return command;
    }

    private int Execute(ParseResult parse, CancellationToken cancellation)
    {
        var timing = new WorkerTiming(Seconds(parse, heartbeat), Seconds(parse, staleAfter), Seconds(parse, idleExit));
        if (timing.Heartbeat >= timing.StaleAfter)
            throw Usage("--heartbeat", $"must be shorter than --stale-after ({timing.StaleAfter.TotalSeconds} s), or live cells would be reclaimed.");
        if (parse.GetValue(maxCells) is < 1) throw Usage("--max-cells", "must be ≥ 1.");
        var location = StoreLocation.Resolve(parse.GetValue(store), parse.GetValue(results)!);
        var (workspace, configOrigin) = ExperimentFiles.Open(parse.GetValue(config), parse.GetValue(plugins) ?? []);
        var selected = workspace.File.Profile(parse.GetValue(profile)!);
        TorchRuntime.EnsureLoaded();
        var resultsDirectory = Path.GetFullPath(parse.GetValue(results)!);
        var request = new WorkerRequest(selected, location.Address, resultsDirectory,
            Path.GetFullPath(parse.GetValue(checkpoints) ?? Path.Combine(resultsDirectory, "checkpoints")), timing)
        {
            Epochs = parse.GetValue(epochs),
            DataDirectory = parse.GetValue(dataDirectory) is { } d ? Path.GetFullPath(d) : null,
            MaxCells = parse.GetValue(maxCells),
            Selection = CellSelectionArguments.Parse(parse.GetValue(filter) ?? [], null),
            Device = DeviceChoice.Resolve(parse.GetValue(device)!),
            Command = "regbench " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
        };
        var worker = new QueueWorker(workspace.Catalog, progress);
        progress.Note($"regbench worker {worker.WorkerId}: profile '{selected.Name}' from {configOrigin}, store {location.Display}");
        var outcome = worker.Run(request, cancellation);
        var done = outcome.Cells.Count(c => c.Status == CellStatus.Done);
        Console.WriteLine($"worker {worker.WorkerId}: {outcome.Cells.Count} cells ({done} done, {outcome.Cells.Count - done} not done)" +
            (outcome.Interrupted ? "; interrupted, its cell is pending again" : ""));
        foreach (var cell in outcome.Cells) Console.WriteLine($"  {cell.Cell.CellId} {SqliteResultStore.StatusText(cell.Status)}");
        return ExitCodes.Of(outcome);
    }

    private static TimeSpan Seconds(ParseResult parse, Option<double> option) =>
        parse.GetValue(option) is var value && value > 0 && double.IsFinite(value) ? TimeSpan.FromSeconds(value) : throw Usage(option.Name, $"must be a positive number of seconds, found {value}.");

    private static ConfigurationException Usage(string option, string message) =>
        new(new ConfigurationError(option, 0, 0, ConfigurationCodes.InvalidNumber, message));
}
