using System.CommandLine;
using RegBench.Engine;
using RegBench.Reporting;
using RegBench.Reporting.Replication;
using RegBench.Results;

namespace RegBench.Cli.Commands;

/// <summary>
/// `regbench report`: turn a results store into tables, figures, report.md/report.html and CSV; with `--replication NAME[,NAME]`
/// instead a replication report per name (a study's profiles beside the published numbers) under OUT/NAME/.
/// </summary>
public sealed class ReportCommand
{
    private readonly ReportGenerator generator = new();
    private readonly Option<string> results = CommonOptions.Results();
    private readonly Option<string?> store = CommonOptions.Store();
    private readonly Option<string?> output = new("--out") { Description = "Report folder (default: RESULTS/report)." };
    private readonly Option<string?> profile = new("--profile") { Description = "Only this profile's cells (default: every profile in the store)." };
    private readonly Option<string?> replication = new("--replication")
    {
        Description = "Replication reports instead: study keys (hess2023, yoshida2017) or profiles named after them, comma-separated; each to OUT/NAME/replication.md.",
    };
    private readonly Option<string> format = new("--format") { Description = "Comma-separated formats: md, html, csv.", DefaultValueFactory = _ => "md,html,csv" };

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("report", "Write tables, figures, report.md, report.html and CSV from a results store.") { results, store, output, profile, format, replication };
        command.SetAction(parse => CommandErrors.Guard(() => Execute(parse)));
        return command;
    }

    private int Execute(ParseResult parse)
    {
        var resultsDirectory = Path.GetFullPath(parse.GetValue(results)!);
        var location = StoreLocation.Resolve(parse.GetValue(store), resultsDirectory);
        if (!location.Exists)
        {
            Console.Error.WriteLine($"error: no results store at {location.Display}; run `regbench run` first or pass --results DIR / --store FILE.");
            return ExitCodes.Usage;
        }
        var formats = parse.GetValue(format)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var options = new ReportOptions(Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(resultsDirectory, "report")), parse.GetValue(profile), formats);
        using var resultStore = location.Open();
        if (parse.GetValue(replication) is { } names) return Replicate(resultStore, location.Display, names, parse.GetValue(output) ?? Path.Combine(resultsDirectory, "replication"));
        try
        {
            var (report, files) = generator.Generate(resultStore, options, ReportEnvironment.Detect(resultStore, location.Display));
            Console.WriteLine($"report: {report.Tables.Count} tables, {report.Figures.Count} figures, {files.Count} files in {options.OutputDirectory}");
            foreach (var note in report.Notes) Console.WriteLine($"note: {note}");
            return ExitCodes.Ok;
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return ExitCodes.Usage;
        }
    }

    private static int Replicate(IResultStore resultStore, string storeDisplay, string names, string outputDirectory)
    {
        var environment = ReportEnvironment.Detect(resultStore, storeDisplay);
        try
        {
            foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var (report, files) = new ReplicationGenerator().Generate(resultStore, name, Path.GetFullPath(outputDirectory), environment);
                Console.WriteLine($"replication {name}: {report.Sections.Count} sections, {report.Tables.Count} tables, {report.Figures.Count} figures, " +
                                  $"{files.Count} files in {Path.Combine(Path.GetFullPath(outputDirectory), name)}");
                foreach (var note in report.Notes) Console.WriteLine($"note: {note}");
            }
            return ExitCodes.Ok;
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return ExitCodes.Usage;
        }
    }
}
