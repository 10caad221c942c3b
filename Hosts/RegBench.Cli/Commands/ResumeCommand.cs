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

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("resume", "Continue every unfinished (running or pending) cell of the results store from its last checkpoint.")
            { results, store, dataDirectory, plugins };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandErrors.Guard(() => Execute(parse, cancellation))));
        return command;
    }

    private int Execute(ParseResult parse, CancellationToken cancellation)
    {
        var location = StoreLocation.Resolve(parse.GetValue(store), parse.GetValue(results)!);
        var request = new RunRequest(null, Path.GetFullPath(parse.GetValue(results)!), location.Address,
            DataDirectory: parse.GetValue(dataDirectory) is { } d ? Path.GetFullPath(d) : null,
            Command: "regbench " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
        if (!location.Exists)
            throw new ConfigurationException(new ConfigurationError(location.Display, 0, 0, ConfigurationCodes.Syntax,
                "no results database here; pass --results DIR (the folder `regbench run` wrote) or --store FILE."));
        List<CellSpec> unfinished;
        using (var database = location.Open())
            unfinished = database.ReadCells().Where(c => c.Status is CellStatus.Running or CellStatus.Pending)
                .Select(c => CellSpec.FromCanonicalJson(c.Cell.OptionsJson)).ToList();
        if (unfinished.Count == 0)
        {
            progress.Note($"nothing to resume in {location.Display}: every cell is done, failed or diverged.");
            return ExitCodes.Ok;
        }
        var catalog = PluginCatalog.Load([PluginCatalog.BuiltInDirectory, .. parse.GetValue(plugins) ?? []]);
        TorchRuntime.EnsureLoaded();
        var outcome = RunView.Show(progress, view => new ExperimentRunner(catalog, view).RunCells(unfinished, request, "resume", cancellation));
        SummaryTable.Write(outcome, request.DatabasePath);
        return ExitCodes.Of(outcome);
    }
}
