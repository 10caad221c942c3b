using System.CommandLine;
using System.Text.Json;
using RegBench.Cli.Arguments;
using RegBench.Cli.Rendering;
using RegBench.Engine;
using RegBench.Engine.Benchmarks;
using RegBench.Engine.Plugins;
using RegBench.Engine.Torch;

namespace RegBench.Cli.Commands;

/// <summary>`regbench bench`: a regularizer's training step against a plain one, in milliseconds and native memory, with limits to check.</summary>
public sealed class BenchCommand
{
    private readonly Option<string[]> regularizer = new("--regularizer") { Description = "Regularizer to measure: a name or an experiments.json object with options (repeatable; default: every loaded one)." };
    private readonly Option<string?> regularizers = new("--regularizers") { Description = "Regularizer names, comma-separated, e.g. none,spectral-scaling." };
    private readonly Option<string> architecture = new("--architecture") { Description = "Architecture name or JSON object.", DefaultValueFactory = _ => BenchmarkRequest.DefaultArchitecture };
    private readonly Option<string> dataset = new("--dataset") { Description = "Dataset name or JSON object.", DefaultValueFactory = _ => BenchmarkRequest.DefaultDataset };
    private readonly Option<int> batchSize = new("--batch-size") { Description = "Examples per step.", DefaultValueFactory = _ => 128 };
    private readonly Option<int> steps = new("--steps") { Description = "Timed steps per regularizer (run in 10 rounds that visit every regularizer).", DefaultValueFactory = _ => 50 };
    private readonly Option<int> warmup = new("--warmup") { Description = "Untimed steps per regularizer (on its fresh model) before the timed ones.", DefaultValueFactory = _ => 10 };
    private readonly Option<int?> threads = new("--threads") { Description = "torch.set_num_threads(N) (default: torch's own choice)." };
    private readonly Option<string[]> maxRatio = new("--max-ratio") { Description = "NAME=R: fail (exit 1) when NAME's median step is above R × none's (repeatable)." };
    private readonly Option<double?> maxGrowth = new("--max-growth-mb") { Description = "Fail (exit 1) when a regularizer's timed steps grow the native heap in use (RSS off glibc) by more than M MB." };
    private readonly Option<bool> checkSigma = new("--check-sigma") { Description = "After each timed step, compare every σ estimate the regularizer used with exact σ₁ (SVD, outside the clock); metrics sigma_check.*." };
    private readonly Option<string[]> maxSigmaError = new("--max-sigma-error") { Description = "NAME=E: fail (exit 1) when NAME's largest relative σ error is above E (implies --check-sigma; repeatable)." };
    private readonly Option<bool> json = new("--json") { Description = "Print the JSON report (fields in docs/performance.md) instead of the table." };
    private readonly Option<string?> output = new("--out") { Description = "Also write the JSON report to this file." };
    private readonly Option<string?> comparePyTorch = new("--compare-pytorch")
        { Description = "Also time each regularizer's PyTorch twin in the same rounds (same MLP, weights and batches), in PYTHON or else the first of python3, /usr/bin/python3 that imports torch.", Arity = ArgumentArity.ZeroOrOne, HelpName = "PYTHON" };
    private readonly Option<string[]> extras = new("--extras") { Description = "More rows after the steps, comma-separated: epoch, loader, memory, conv-sigma, or all (docs/performance.md)." };
    private readonly Option<long?> epochExamples = new("--epoch-examples") { Description = "Training examples an epoch of the epoch, loader and memory rows uses (default: the whole training split)." };
    private readonly Option<string> device = CommonOptions.Device();
    private readonly Option<string[]> plugins = CommonOptions.Plugins();

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("bench", "Time each regularizer's training step (median, p90, ratio to none) and its memory growth on a fixed model and synthetic data.")
            { regularizer, regularizers, architecture, dataset, batchSize, steps, warmup, threads, maxRatio, maxGrowth, checkSigma, maxSigmaError, json, output, device, plugins,
              comparePyTorch, extras, epochExamples };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandErrors.Guard(() => Execute(parse, cancellation))));
        return command;
    }

    private int Execute(ParseResult parse, CancellationToken cancellation)
    {
        TorchRuntime.EnsureLoaded();
        var deviceName = DeviceChoice.Resolve(parse.GetValue(device)!); // refuses what this build cannot train on, as run and worker do
        var catalog = PluginCatalog.Load([PluginCatalog.BuiltInDirectory, .. parse.GetValue(plugins) ?? []]);
        var names = parse.GetValue(regularizers)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var request = new BenchmarkArguments([.. names, .. parse.GetValue(regularizer) ?? []], parse.GetValue(architecture)!,
            parse.GetValue(dataset)!, parse.GetValue(batchSize), parse.GetValue(steps), parse.GetValue(warmup), parse.GetValue(threads),
            parse.GetValue(maxRatio) ?? [], parse.GetValue(maxGrowth), parse.GetValue(output))
        {
            CheckSigma = parse.GetValue(checkSigma),
            MaxSigmaErrors = parse.GetValue(maxSigmaError) ?? [],
            Extras = parse.GetValue(extras) ?? [],
            EpochExamples = parse.GetValue(epochExamples),
            ComparePyTorch = parse.GetResult(comparePyTorch) is not null,
            Python = parse.GetValue(comparePyTorch),
        }.ToRequest(catalog) with { Device = deviceName };
        BenchmarkReport report;
        try
        {
            report = new BenchmarkRun(catalog, line => Console.Error.WriteLine(line)).Run(request, cancellation);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("bench: interrupted; nothing written.");
            return ExitCodes.Interrupted;
        }
        if (parse.GetValue(json)) Console.WriteLine(report.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else BenchTable.Write(report);
        if (request.OutputPath is { } path) report.WriteJson(path);
        foreach (var violation in report.Violations) Console.Error.WriteLine($"error: {violation}");
        return report.Violations.Count == 0 ? ExitCodes.Ok : ExitCodes.LimitExceeded;
    }
}
