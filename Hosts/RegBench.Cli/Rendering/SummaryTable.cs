using System.Globalization;
using RegBench.Engine.Running;
using RegBench.Results;
using Spectre.Console;

namespace RegBench.Cli.Rendering;

/// <summary>
/// The final table of a run: rows dataset / architecture, columns regularizer, cells "test accuracy mean ± std
/// (seeds)" at the last epoch, then the generalization gap (train − test accuracy); failed cells listed below.
/// </summary>
public static class SummaryTable
{
    /// <summary>Prints the summary of <paramref name="outcome"/>, reading final epochs from <paramref name="databasePath"/>.</summary>
    public static void Write(RunOutcome outcome, string databasePath)
    {
        using var store = new SqliteResultStore(databasePath);
        var finals = outcome.Cells.Where(c => c.Status == CellStatus.Done)
            .Select(c => (c.Cell, Last: store.ReadEpochs(c.Cell.CellId).LastOrDefault()))
            .Where(x => x.Last is not null).ToList();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = IsPlain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = IsPlain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        var regularizers = outcome.Cells.Select(c => c.Cell.Regularizer).Distinct().ToList();
        var table = new Table { Border = IsPlain ? TableBorder.Ascii : TableBorder.Rounded, Title = new TableTitle("test accuracy (mean ± std over seeds) / gap") };
        table.AddColumn("dataset / architecture");
        foreach (var regularizer in regularizers) table.AddColumn(new TableColumn(Markup.Escape(regularizer)).RightAligned());
        foreach (var row in outcome.Cells.Select(c => (c.Cell.Dataset, c.Cell.Architecture)).Distinct())
        {
            var cells = regularizers.Select(regularizer =>
            {
                var runs = finals.Where(f => f.Cell.Dataset == row.Dataset && f.Cell.Architecture == row.Architecture && f.Cell.Regularizer == regularizer)
                    .Select(f => f.Last!).ToList();
                if (runs.Count == 0) return "—";
                var (mean, std) = MeanStd(runs.Select(r => r.TestAccuracy));
                var gap = runs.Average(r => r.TrainAccuracy - r.TestAccuracy);
                return string.Create(CultureInfo.InvariantCulture, $"{mean:F4} ± {std:F4} ({runs.Count}) / {gap:+0.0000;-0.0000}");
            });
            table.AddRow([Markup.Escape($"{row.Dataset} / {row.Architecture}"), .. cells.Select(Markup.Escape)]);
        }
        console.Write(table);
        foreach (var failed in outcome.Cells.Where(c => c.Status is CellStatus.Failed or CellStatus.Diverged))
            console.WriteLine($"{SqliteResultStore.StatusText(failed.Status)}: {failed.Cell.CellId} {failed.Cell.Regularizer} seed {failed.Cell.Seed}: {failed.Error}");
        var done = outcome.Cells.Count(c => c.Status == CellStatus.Done);
        console.WriteLine($"{done}/{outcome.Cells.Count} cells done ({outcome.Skipped} skipped as already done); results in {databasePath}");
    }

    private static bool IsPlain => Console.IsOutputRedirected || Environment.GetEnvironmentVariable("CI") is "true" or "1";

    private static (double Mean, double Std) MeanStd(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        var std = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : 0;
        return (mean, std);
    }
}
