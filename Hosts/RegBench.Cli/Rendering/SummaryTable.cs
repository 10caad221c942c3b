using System.Globalization;
using RegBench.Engine.Running;
using RegBench.Results;
using Spectre.Console;

namespace RegBench.Cli.Rendering;

/// <summary>
/// The final table of a run: one row per dataset / architecture × regularizer with the final epoch's test accuracy
/// (mean ± std over seeds), the generalization gap (train − test accuracy) and the mean σ₁ across layers;
/// failed and diverged cells are listed below it with their errors.
/// </summary>
public static class SummaryTable
{
    /// <summary>Prints the summary of <paramref name="outcome"/>, reading final epochs from the store at <paramref name="storeAddress"/>.</summary>
    public static void Write(RunOutcome outcome, string storeAddress)
    {
        var location = StoreLocation.Parse(storeAddress);
        using var store = location.Open();
        var finals = outcome.Cells.Where(c => c.Status == CellStatus.Done)
            .Select(c => (c.Cell, Last: store.ReadEpochs(c.Cell.CellId).LastOrDefault()))
            .Where(x => x.Last is not null).ToList();
        var console = ConsoleMode.TableConsole();
        var table = new Table { Border = ConsoleMode.Border };
        table.AddColumns("dataset / architecture", "regularizer");
        foreach (var heading in new[] { "test acc", "± std", "seeds", "gap", "mean σ₁" }) table.AddColumn(new TableColumn(heading).RightAligned());
        foreach (var group in outcome.Cells.GroupBy(c => (c.Cell.Dataset, c.Cell.Architecture, c.Cell.Regularizer)))
        {
            var runs = finals.Where(f => (f.Cell.Dataset, f.Cell.Architecture, f.Cell.Regularizer) == group.Key).Select(f => f.Last!).ToList();
            var label = Markup.Escape($"{group.Key.Dataset} / {group.Key.Architecture}");
            if (runs.Count == 0)
            {
                table.AddRow(label, Markup.Escape(group.Key.Regularizer), "—", "", $"0/{group.Count()}", "", "");
                continue;
            }
            var (mean, std) = MeanStd(runs.Select(r => r.TestAccuracy));
            var sigma = runs.Select(r => r.Extra.GetValueOrDefault("sigma_max_mean", double.NaN)).Average();
            table.AddRow(label, Markup.Escape(group.Key.Regularizer), F(mean), F(std), $"{runs.Count}/{group.Count()}",
                F(runs.Average(r => r.TrainAccuracy - r.TestAccuracy), "+0.0000;-0.0000"), F(sigma, "0.000"));
        }
        console.Write(table);
        foreach (var failed in outcome.Cells.Where(c => c.Status is CellStatus.Failed or CellStatus.Diverged))
            console.WriteLine($"{SqliteResultStore.StatusText(failed.Status)}: {failed.Cell.CellId} {failed.Cell.Regularizer} seed {failed.Cell.Seed}: {failed.Error}");
        var done = outcome.Cells.Count(c => c.Status == CellStatus.Done);
        console.WriteLine($"{done}/{outcome.Cells.Count} cells done ({outcome.Skipped} skipped as already done); results in {location.Display}");
    }

    /// <summary>After an interrupted run (exit 130): on stderr, how many cells are unfinished and the command that continues them.</summary>
    public static void WriteResumeHint(RunOutcome outcome, RunRequest request)
    {
        if (!outcome.Interrupted) return;
        var unfinished = outcome.Cells.Count(c => c.Status is CellStatus.Running or CellStatus.Pending);
        var store = request.StorePath is null ? "" : $" --store {request.StorePath}";
        Console.Error.WriteLine($"interrupted: {unfinished} cells unfinished, every stored epoch is durable. Continue with: regbench resume --results {request.ResultsDirectory}{store}");
    }

    private static string F(double value, string format = "0.0000") => value.ToString(format, CultureInfo.InvariantCulture);

    private static (double Mean, double Std) MeanStd(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        var std = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : 0;
        return (mean, std);
    }
}
