using System.CommandLine;
using RegBench.Engine;

namespace RegBench.Cli.Commands;

/// <summary>`regbench validate [FILE]`: check an experiment file against the loaded plugins without running anything.</summary>
public sealed class ValidateCommand
{
    private readonly Argument<string?> file = new("file") { Description = "Experiment file (default: ./experiments.json).", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string[]> plugins = CommonOptions.Plugins();

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("validate", "Validate an experiment file; errors are printed as file:line:col: error RB1xxx: message.") { file, plugins };
        command.SetAction(parse => CommandErrors.Guard(() =>
        {
            var (workspace, origin) = ExperimentFiles.Open(parse.GetValue(file), parse.GetValue(plugins) ?? []);
            Console.WriteLine($"{origin}: valid ({workspace.File.Profiles.Count} profiles: {string.Join(", ", workspace.File.Profiles.Select(p => p.Name))})");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
