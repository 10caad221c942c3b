using System.CommandLine;
using System.Text.Json;
using RegBench.Cli.Inspect;
using RegBench.Engine;
using RegBench.Engine.Plugins;
using RegBench.Engine.Torch;

namespace RegBench.Cli.Commands;

/// <summary>`regbench inspect CHECKPOINT`: per-layer spectra of a saved model, rebuilt from the cell recorded in the file.</summary>
public sealed class InspectCommand
{
    private readonly Argument<string> checkpoint = new("checkpoint") { Description = "A checkpoint file, e.g. results/checkpoints/<cell id>/epoch-0003.ckpt." };
    private readonly Option<bool> json = new("--json") { Description = "Print JSON: { cell_id, epoch, layers: [ {layer, kind, rows, cols, sigma_max, sigma_max_operator, frobenius, stable_rank, effective_rank, numerical_rank, singular_values} ] }." };
    private readonly Option<string[]> plugins = CommonOptions.Plugins();

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("inspect",
            "Per-layer σ₁ (matrix view and, for conv layers, the true operator at its input size), Frobenius norm and ranks of a checkpoint's model. " +
            "It measures the effective weight the forward pass uses, e.g. W/σ under miyato-sn, as the results store does.")
            { checkpoint, json, plugins };
        command.SetAction(parse => CommandErrors.Guard(() => Execute(parse)));
        return command;
    }

    private int Execute(ParseResult parse)
    {
        TorchRuntime.EnsureLoaded();
        try
        {
            var report = CheckpointInspector.Inspect(Path.GetFullPath(parse.GetValue(checkpoint)!), [PluginCatalog.BuiltInDirectory, .. parse.GetValue(plugins) ?? []]);
            if (parse.GetValue(json)) Console.WriteLine(report.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else report.WriteTable(Console.Out);
            return ExitCodes.Ok;
        }
        catch (InvalidDataException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return ExitCodes.Usage;
        }
    }
}
