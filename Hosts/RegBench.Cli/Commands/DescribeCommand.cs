using System.CommandLine;
using System.Text.Json;
using RegBench.Cli.Describe;
using RegBench.Engine;
using RegBench.Engine.Plugins;

namespace RegBench.Cli.Commands;

/// <summary>`regbench describe ARCHITECTURE`: its weight layers (kind, shape, conv geometry, parameters) for a dataset's shape.</summary>
public sealed class DescribeCommand
{
    private readonly Argument<string> architecture = new("architecture") { Description = "Architecture plugin name, e.g. resnet." };
    private readonly Option<string[]> settings = new("--set") { Description = "Architecture option key=value (repeatable), e.g. --set depth=50." };
    private readonly Option<string?> dataset = new("--dataset") { Description = "Dataset whose shape to build for (default: fashion-mnist for mlp, else cifar10); its files are not read." };
    private readonly Option<bool> json = new("--json") { Description = "Print JSON: parameters and layers [{name, kind, shape, ...}]." };
    private readonly Option<string[]> plugins = CommonOptions.Plugins();

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("describe", "Show an architecture's weight layers and trainable parameter count for a dataset's shape.")
            { architecture, settings, dataset, json, plugins };
        command.SetAction(parse => CommandErrors.Guard(() => Execute(parse)));
        return command;
    }

    private int Execute(ParseResult parse)
    {
        var description = ArchitectureDescriber.Describe(parse.GetValue(architecture)!, parse.GetValue(settings) ?? [], parse.GetValue(dataset),
            [PluginCatalog.BuiltInDirectory, .. parse.GetValue(plugins) ?? []]);
        if (parse.GetValue(json))
            Console.WriteLine(description.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else
            description.WriteTable(Console.Out);
        return ExitCodes.Ok;
    }
}
