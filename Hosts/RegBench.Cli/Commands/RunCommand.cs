using System.CommandLine;
using RegBench.Cli.Arguments;
using RegBench.Cli.Rendering;
using RegBench.Engine;
using RegBench.Engine.Running;
using RegBench.Engine.Torch;
using RegBench.Experiments;
using RegBench.Results;

namespace RegBench.Cli.Commands;

/// <summary>`regbench run`: expand a profile's matrix, skip cells already done, train the rest, print a summary.</summary>
public sealed class RunCommand(ConsoleRunProgress progress)
{
    private readonly Option<string> profile = new("--profile") { Description = "Profile of the experiment file.", DefaultValueFactory = _ => "quick" };
    private readonly Option<string?> config = CommonOptions.Config();
    private readonly Option<string> results = CommonOptions.Results();
    private readonly Option<string?> store = CommonOptions.Store();
    private readonly Option<int?> epochs = new("--epochs") { Description = "Override the profile's epochs." };
    private readonly Option<string?> dataDirectory = new("--data-dir") { Description = "Folder searched first for dataset files; no synthetic fallback when given." };
    private readonly Option<string[]> plugins = CommonOptions.Plugins();
    private readonly Option<string?> shard = new("--shard") { Description = "Run shard K of N (K/N): every N-th cell of the matrix, starting at K." };
    private readonly Option<string[]> filter = new("--filter") { Description = "Only cells matching AXIS=VALUE[,VALUE] (dataset, architecture, regularizer, seed, batchSize); repeatable." };
    private readonly Option<string> device = CommonOptions.Device();
    private readonly Option<string?> tensorboard = new("--tensorboard") { Description = "Also write TensorBoard event files here, one run directory per cell." };

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("run", "Train every cell of a profile that is not done yet and store the results.")
            { profile, config, results, store, epochs, dataDirectory, plugins, shard, filter, device, tensorboard };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandErrors.Guard(() => Execute(parse, cancellation))));
        return command;
    }

    private int Execute(ParseResult parse, CancellationToken cancellation)
    {
        if (parse.GetValue(epochs) is < 1)
            throw new Engine.Experiments.ConfigurationException(new RegBench.Experiments.ConfigurationError(
                "--epochs", 0, 0, RegBench.Experiments.ConfigurationCodes.InvalidNumber, $"must be ≥ 1, found {parse.GetValue(epochs)}."));
        var selection = CellSelectionArguments.Parse(parse.GetValue(filter) ?? [], parse.GetValue(shard));
        var (workspace, configOrigin) = ExperimentFiles.Open(parse.GetValue(config), parse.GetValue(plugins) ?? []);
        var selected = workspace.File.Profile(parse.GetValue(profile)!);
        var location = StoreLocation.Resolve(parse.GetValue(store), parse.GetValue(results)!);
        TorchRuntime.EnsureLoaded();
        var deviceName = DeviceChoice.Resolve(parse.GetValue(device)!);
        progress.Note($"regbench run: profile '{selected.Name}' from {configOrigin}");
        var request = new RunRequest(selected, Path.GetFullPath(parse.GetValue(results)!), location.Address,
            parse.GetValue(epochs), parse.GetValue(dataDirectory) is { } d ? Path.GetFullPath(d) : null,
            "regbench " + string.Join(' ', parse.Tokens.Select(t => t.Value)), selection) { Device = deviceName };
        var board = parse.GetValue(tensorboard) is { } b ? new TensorBoardRunProgress(Path.GetFullPath(b)) : null;
        var outcome = RunView.Show(progress, view => new ExperimentRunner(workspace.Catalog, board is null ? view : new CompositeRunProgress(view, board)).Run(request, cancellation));
        SummaryTable.Write(outcome, request.DatabasePath);
        SummaryTable.WriteResumeHint(outcome, request);
        return ExitCodes.Of(outcome);
    }
}
