using System.CommandLine;
using RegBench.Cli.Rendering;
using RegBench.Engine;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Running;
using RegBench.Engine.Torch;
using RegBench.Experiments;
using RegBench.Results;

namespace RegBench.Cli.Commands;

/// <summary>`regbench resume`: continue every running or pending cell of a store from its last durable checkpoint.</summary>
public sealed class ResumeCommand(ConsoleRunProgress progress)
{
    private readonly Option<string> results = CommonOptions.Results();
    private readonly Option<string?> store = CommonOptions.Store();
    private readonly Option<string?> dataDirectory = new("--data-dir") { Description = "Folder searched first for dataset files." };
    private readonly Option<string[]> plugins = CommonOptions.Plugins();
    private readonly Option<string> device = CommonOptions.Device();

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("resume", "Continue every unfinished (running or pending) cell of the results store from its last checkpoint.")
            { results, store, dataDirectory, plugins, device };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandErrors.Guard(() => Execute(parse, cancellation))));
        return command;
    }

    private int Execute(ParseResult parse, CancellationToken cancellation)
    {
        var location = StoreLocation.Resolve(parse.GetValue(store), parse.GetValue(results)!);
        var deviceName = DeviceChoice.Resolve(parse.GetValue(device)!); // before anything is written (ReadUnfinished may mark rows failed)
        var request = new RunRequest(null, Path.GetFullPath(parse.GetValue(results)!), location.Address,
            DataDirectory: parse.GetValue(dataDirectory) is { } d ? Path.GetFullPath(d) : null,
            Command: "regbench " + string.Join(' ', parse.Tokens.Select(t => t.Value))) { Device = deviceName };
        if (!location.Exists)
            throw new ConfigurationException(new ConfigurationError(location.Display, 0, 0, ConfigurationCodes.Syntax,
                "no results database here; pass --results DIR (the folder `regbench run` wrote) or --store FILE."));
        var catalog = PluginCatalog.Load([PluginCatalog.BuiltInDirectory, .. parse.GetValue(plugins) ?? []]);
        var (unfinished, unreadable) = ReadUnfinished(location, catalog);
        if (unfinished.Count == 0)
        {
            progress.Note($"nothing to resume in {location.Display}: every cell is done, failed or diverged.");
            return unreadable > 0 ? ExitCodes.CellsFailed : ExitCodes.Ok;
        }
        TorchRuntime.EnsureLoaded();
        var outcome = RunView.Show(progress, view => new ExperimentRunner(catalog, view).RunCells(unfinished, request, "resume", cancellation));
        SummaryTable.Write(outcome, request.DatabasePath);
        SummaryTable.WriteResumeHint(outcome, request);
        return unreadable > 0 && ExitCodes.Of(outcome) == ExitCodes.Ok ? ExitCodes.CellsFailed : ExitCodes.Of(outcome);
    }

    /// <summary>
    /// The running and pending cells rebuilt from their stored canonical JSON. A row that does not rebuild (written by a
    /// build that accepted 1e999, or edited by hand) is marked failed with the reason, and the others still resume.
    /// Cells stored under id rule 1 are bound again with <paramref name="catalog"/> and re-keyed by the runner (SqliteSchema, migration 5).
    /// </summary>
    private static (List<CellSpec> Cells, int Unreadable) ReadUnfinished(StoreLocation location, PluginCatalog catalog)
    {
        var cells = new List<CellSpec>();
        var unreadable = 0;
        var databasePath = location.Display;
        using var database = location.Postgres is null ? new SqliteResultStore(location.FilePath!, exclusiveWriter: true) : location.Open();
        foreach (var stored in database.ReadCells().Where(c => c.Status is CellStatus.Running or CellStatus.Pending))
        {
            try
            {
                cells.Add(CellSpec.FromStoredJson(stored.Cell.OptionsJson, catalog));
            }
            catch (InvalidDataException error)
            {
                var message = $"cell {stored.Cell.CellId}: cells.options_json in {databasePath} is {error.Message}; the cell is marked failed. " +
                              "Run its profile again from a corrected experiments.json (it gets a new cell id), or delete the row.";
                database.Finish(stored.Cell.CellId, CellStatus.Failed, message);
                database.LogEvent(stored.Cell.CellId, "error", message);
                Console.Error.WriteLine($"error: {message}");
                unreadable++;
            }
        }
        return (cells, unreadable);
    }
}
