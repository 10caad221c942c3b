using System.CommandLine;
using RegBench.Engine;
using RegBench.Results.Export;

namespace RegBench.Cli.Commands;

/// <summary>`regbench export`: one results table as tidy CSV or JSON, straight from the store, for spreadsheets and scripts.</summary>
public sealed class ExportCommand
{
    private readonly TableExporter exporter = new();
    private readonly Option<string> format = new("--format") { Description = "csv (RFC 4180, invariant numbers, NULL empty) or json (array of row objects).", Required = true };
    private readonly Option<string> table = new("--table") { Description = "epochs (with extra.* columns from extra_json), layers or cells.", DefaultValueFactory = _ => "epochs" };
    private readonly Option<string?> output = new("--out") { Description = "Output file, written atomically (default: standard output)." };
    private readonly Option<string> results = CommonOptions.Results();
    private readonly Option<string?> store = new("--store") { Description = "Database file (overrides RESULTS/regbench.db)." };

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        format.AcceptOnlyFromAmong([.. exporter.Formats]);
        table.AcceptOnlyFromAmong("epochs", "layers", "cells");
        var command = new Command("export", "Write a results table (epochs, layers, cells) as long-form CSV or JSON with the documented column names.")
            { format, table, output, results, store };
        command.SetAction(parse => CommandErrors.Guard(() => Execute(parse)));
        return command;
    }

    private int Execute(ParseResult parse)
    {
        var databasePath = Path.GetFullPath(parse.GetValue(store) ?? Path.Combine(parse.GetValue(results)!, "regbench.db"));
        var selected = Enum.Parse<ExportTable>(parse.GetValue(table)!, ignoreCase: true);
        try
        {
            if (parse.GetValue(output) is { } file)
            {
                var written = exporter.ExportToFile(databasePath, selected, parse.GetValue(format)!, Path.GetFullPath(file));
                Console.Error.WriteLine($"export: {written.Rows.Count} rows × {written.Columns.Count} columns of {written.Name} to {Path.GetFullPath(file)}");
            }
            else
            {
                using var stdout = Console.OpenStandardOutput();
                exporter.ExportToStream(databasePath, selected, parse.GetValue(format)!, stdout);
            }
            return ExitCodes.Ok;
        }
        catch (Exception error) when (error is FileNotFoundException or InvalidDataException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: could not write the export ({error.Message}); check that --out names a writable file.");
            return ExitCodes.Environment;
        }
    }
}
