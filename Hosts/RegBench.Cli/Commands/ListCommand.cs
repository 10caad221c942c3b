using System.CommandLine;
using RegBench.Engine;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Experiments;

namespace RegBench.Cli.Commands;

/// <summary>`regbench list plugins|profiles|cells`: what is loaded and what a profile would run.</summary>
public sealed class ListCommand
{
    /// <summary>Cells printed by `list cells` without --limit.</summary>
    public const int DefaultPage = 1000;

    private readonly Argument<string> what = new("what") { Description = "plugins, profiles or cells." };
    private readonly Option<bool> verbose = new("--verbose") { Description = "plugins: also every option with type and default." };
    private readonly Option<string> profile = new("--profile") { Description = "cells: the profile to expand.", DefaultValueFactory = _ => "quick" };
    private readonly Option<int> offset = new("--offset") { Description = "cells: skip this many cells first (paging).", DefaultValueFactory = _ => 0 };
    private readonly Option<int> limit = new("--limit") { Description = "cells: print at most this many (paging).", DefaultValueFactory = _ => DefaultPage };
    private readonly Option<string?> config = CommonOptions.Config();
    private readonly Option<string[]> plugins = CommonOptions.Plugins();

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        what.AcceptOnlyFromAmong("plugins", "profiles", "cells");
        var command = new Command("list", "List loaded plugins, the profiles of the experiment file, or a profile's cells.") { what, verbose, profile, offset, limit, config, plugins };
        command.SetAction(parse => CommandErrors.Guard(() => Execute(parse)));
        return command;
    }

    private int Execute(ParseResult parse)
    {
        var extra = parse.GetValue(plugins) ?? [];
        if (parse.GetValue(what) == "plugins")
        {
            var catalog = PluginCatalog.Load([PluginCatalog.BuiltInDirectory, .. extra]);
            foreach (var plugin in catalog.Plugins)
            {
                var d = plugin.Descriptor;
                Console.WriteLine($"{d.Kind.ToString().ToLowerInvariant(),-12} {d.Name,-22} {Path.GetFileNameWithoutExtension(plugin.AssemblyPath)} {plugin.Version}  {d.Description}");
                if (parse.GetValue(verbose))
                    foreach (var option in d.Options)
                        Console.WriteLine($"{"",14}{option.Name} : {option.Type} = {option.Default}{(option.Description.Length > 0 ? "  " + option.Description : "")}");
            }
            return ExitCodes.Ok;
        }
        var (workspace, _) = ExperimentFiles.Open(parse.GetValue(config), extra);
        if (parse.GetValue(what) == "profiles")
        {
            foreach (var p in workspace.File.Profiles)
                Console.WriteLine($"{p.Name,-16} {MatrixExpander.Expand(p).Count,4} cells  {p.Epochs} epochs  datasets {string.Join(",", p.Datasets.Select(x => x.Label))}  " +
                                  $"architectures {string.Join(",", p.Architectures.Select(x => x.Label))}  regularizers {string.Join(",", p.Regularizers.Select(x => x.Label))}");
            return ExitCodes.Ok;
        }
        var (skip, take) = (parse.GetValue(offset), parse.GetValue(limit));
        if (skip < 0 || take < 0)
            throw new ConfigurationException(new ConfigurationError(skip < 0 ? "--offset" : "--limit", 0, 0, ConfigurationCodes.InvalidNumber,
                $"must be ≥ 0, found {Math.Min(skip, take)}."));
        var cells = MatrixExpander.Expand(workspace.File.Profile(parse.GetValue(profile)!));
        foreach (var cell in cells.Skip(skip).Take(take))
            Console.WriteLine($"{cell.CellId}  {cell.Label}");
        if ((long)skip + take < cells.Count)
            Console.Error.WriteLine($"cells {Math.Min(skip, cells.Count) + 1}-{skip + take} of {cells.Count}; --offset {skip + take} for the next page (--limit sets its size).");
        return ExitCodes.Ok;
    }
}
