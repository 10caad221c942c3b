using System.Globalization;
using RegBench.Engine.Benchmarks;
using Spectre.Console;

namespace RegBench.Cli.Rendering;

/// <summary>
/// `regbench bench` as text: a header with the setup and the machine (cores, torch threads, load average before → after),
/// the process's RSS over the timed steps, then one row per regularizer: median and p90 step milliseconds, ratio to none, and
/// what its timed steps added: native heap in use, RSS (final and peak) in MB, live tensors; then the regularizer's own metrics. Plain ASCII when output is redirected or CI is set.
/// </summary>
public static class BenchTable
{
    private const string Signed = "+0.0;-0.0;0.0";

    /// <summary>Prints the header and the table of <paramref name="report"/> to standard output.</summary>
    public static void Write(BenchmarkReport report)
    {
        var request = report.Request;
        var machine = report.Machine;
        var console = ConsoleMode.TableConsole();
        console.WriteLine($"regbench bench: {request.Architecture.Label} on {report.DatasetUsed}, batch {request.BatchSize}, " +
                          $"{request.WarmupSteps} warm-up + {request.TimedSteps} timed steps each in {Math.Min(StepBenchmark.Rounds, request.TimedSteps)} rounds, {BenchmarkRequest.Optimizer.Name} lr " +
                          $"{F(BenchmarkRequest.Optimizer.Lr, "0.####")}, seed {BenchmarkRequest.Seed}");
        console.WriteLine($"machine: {machine.Name} ({machine.OperatingSystem}), {machine.ProcessorCount} cores, torch threads {machine.TorchThreads}, " +
                          $"TorchSharp {machine.TorchSharpVersion}, load average {BenchmarkMachine.Describe(machine.LoadAverageStart)} → " +
                          $"{BenchmarkMachine.Describe(machine.LoadAverageEnd)} (1/5/15 min), {report.StartedUtc:yyyy-MM-dd HH:mm} UTC");
        console.WriteLine($"process RSS across the timed steps: {F(report.ProcessRss.GrowthMegabytes, Signed)} MB " +
                          $"(peak {F(report.ProcessRss.PeakGrowthMegabytes, Signed)} MB); per row: what that regularizer's steps added");
        var pytorch = report.PyTorch is { Runtime: not null, Rows.Count: > 0 } measured ? measured : null;
        if (pytorch is not null) BenchComparisonTable.WriteRuntime(console, pytorch);
        var table = new Table { Border = ConsoleMode.Border };
        table.AddColumn("regularizer");
        foreach (var heading in new[] { "median ms", "p90 ms", "× none", "heap Δ MB", "RSS Δ MB", "peak Δ MB", "tensors Δ" })
            table.AddColumn(new TableColumn(heading).RightAligned());
        if (pytorch is not null)
            foreach (var heading in BenchComparisonTable.Headings) table.AddColumn(new TableColumn(heading).RightAligned());
        table.AddColumn("metrics");
        foreach (var row in report.Rows)
        {
            var name = Markup.Escape(row.Regularizer);
            string[] cells = row.Error is not null
                ? ["failed", "", "", "", "", "", ""]
                : [F(row.MedianMilliseconds, "0.00"), F(row.P90Milliseconds, "0.00"), F(row.Ratio, "0.00"),
                   double.IsNaN(row.HeapGrowthMegabytes) ? "n/a" : F(row.HeapGrowthMegabytes, Signed), F(row.RssGrowthMegabytes, Signed), F(row.RssPeakGrowthMegabytes, Signed),
                   row.LiveTensorGrowth.ToString("+0;-0;0", CultureInfo.InvariantCulture)];
            string[] compared = pytorch is null ? [] : BenchComparisonTable.Cells(pytorch, row);
            table.AddRow([name, .. cells, .. compared, Markup.Escape(row.Error ?? Metrics(row))]);
        }
        console.Write(table);
        BenchComparisonTable.WriteExtras(console, report.Extras);
        console.WriteLine(report.Violations.Count == 0
            ? "all limits held"
            : $"{report.Violations.Count} limit(s) exceeded (listed on stderr)");
    }

    // "spectral-scaling.pi_iterations_mean" is shown as "pi_iterations_mean" on the spectral-scaling row (the JSON keeps the full key).
    private static string Metrics(StepMeasurement row) =>
        string.Join(", ", row.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => $"{(m.Key.StartsWith(row.Choice.Name + '.', StringComparison.Ordinal) ? m.Key[(row.Choice.Name.Length + 1)..] : m.Key)}={Metric(m.Value)}"));

    // σ errors are far below 0.001: show them in scientific notation rather than as 0.
    private static string Metric(double value) => value != 0 && Math.Abs(value) < 1e-3 ? F(value, "0.##e+0") : F(value, "0.###");

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
