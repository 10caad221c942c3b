using System.Globalization;
using RegBench.Engine.Benchmarks;
using Spectre.Console;

namespace RegBench.Cli.Rendering;

/// <summary>
/// The comparison parts of `regbench bench`'s text: PyTorch's runtime (version, threads, the BLAS it mapped) and its three
/// columns per regularizer (median ms, × its own none, RegBench ÷ PyTorch), and the table of --extras rows with their goals.
/// </summary>
internal static class BenchComparisonTable
{
    /// <summary>The PyTorch columns, after RegBench's own.</summary>
    public static readonly string[] Headings = ["PyTorch ms", "PyTorch × none", "RegBench/PyTorch"];

    /// <summary>Header lines: the interpreter, torch, threads; BLAS/LAPACK settings and mapped libraries; the matrix product timed on both sides.</summary>
    public static void WriteRuntime(IAnsiConsole console, PyTorchComparison comparison)
    {
        var runtime = comparison.Runtime!;
        console.WriteLine($"PyTorch {runtime.TorchVersion} ({runtime.Python}, Python {runtime.PythonVersion}), torch threads {runtime.Threads} at start " +
                          "(set to RegBench's for the run); same MLP weights and batches, interleaved in the same rounds");
        console.WriteLine($"PyTorch BLAS: {runtime.BlasSummary}");
        if (comparison.MatrixProduct is { } product) console.WriteLine($"BLAS: {product.Describe()}");
        if (comparison.Error is { } error) console.WriteLine($"PyTorch: {error}");
    }

    /// <summary>PyTorch's median, its ratio to its none, and RegBench ÷ PyTorch for <paramref name="row"/>; "n/a" with no twin.</summary>
    public static string[] Cells(PyTorchComparison comparison, StepMeasurement row) => comparison.RowFor(row.Choice) switch
    {
        { Error: null } twin => [F(twin.MedianMilliseconds, "0.00"), F(comparison.RatioToBaseline(row.Choice), "0.00"), F(comparison.RegBenchOverPyTorch(row), "0.00")],
        _ => ["n/a", "", ""],
    };

    /// <summary>The extra rows: what against what (medians), the figure, its goal and whether it was met, and the note.</summary>
    public static void WriteExtras(IAnsiConsole console, IReadOnlyList<ExtraMeasurement> extras)
    {
        if (extras.Count == 0) return;
        var table = new Table { Border = ConsoleMode.Border };
        foreach (var heading in new[] { "row", "measured", "against" }) table.AddColumn(heading);
        foreach (var heading in new[] { "figure", "goal", "met" }) table.AddColumn(new TableColumn(heading).RightAligned());
        table.AddColumn("note");
        foreach (var row in extras)
        {
            if (row.Error is not null)
            {
                table.AddRow(Markup.Escape(row.Row), "failed", "", "", "", "no", Markup.Escape(row.Error));
                continue;
            }
            var unit = row.FigureUnit == "%" ? "%" : "×";
            table.AddRow(Markup.Escape(row.Row), Markup.Escape($"{row.Subject}: {Value(row.SubjectValue, row.Unit)}"),
                Markup.Escape($"{row.Reference}: {Value(row.ReferenceValue, row.Unit)}"),
                Markup.Escape(row.FigureUnit == "%" ? F(row.Figure, "+0.00;-0.00;0.00") + "%" : F(row.Figure, "0.00") + row.FigureUnit),
                Markup.Escape(row.Goal.Describe(unit)), row.GoalMet ? "yes" : "no", Markup.Escape(row.Note));
        }
        console.Write(table);
    }

    private static string Value(double value, string unit) => $"{F(value, value >= 100 ? "0.0" : "0.000")} {unit}";

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
