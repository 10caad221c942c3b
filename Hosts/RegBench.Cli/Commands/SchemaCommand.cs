using System.CommandLine;
using RegBench.Engine;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;

namespace RegBench.Cli.Commands;

/// <summary>`regbench schema`: the JSON Schema of experiments.json for every loaded plugin (point "$schema" at it).</summary>
public sealed class SchemaCommand
{
    private readonly Option<string?> output = new("--out") { Description = "Write the schema to this file (default: standard output)." };
    private readonly Option<string[]> plugins = CommonOptions.Plugins();

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("schema", "Print the JSON Schema of experiments.json (core format + every loaded plugin's options).") { output, plugins };
        command.SetAction(parse => CommandErrors.Guard(() =>
        {
            var schema = ExperimentSchema.Build(PluginCatalog.Load([PluginCatalog.BuiltInDirectory, .. parse.GetValue(plugins) ?? []]));
            if (parse.GetValue(output) is not { } path)
            {
                Console.WriteLine(schema);
                return ExitCodes.Ok;
            }
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, schema + Environment.NewLine);
            File.Move(temporary, path, overwrite: true);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
