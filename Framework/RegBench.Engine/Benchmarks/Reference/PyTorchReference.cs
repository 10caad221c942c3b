using System.ComponentModel;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Running;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// `regbench bench --compare-pytorch`: the same MLP (RegBench's initial weights, sent in a file), the same batches (the
/// first <see cref="MaxBatches"/> of RegBench's seeded order, cycled) and each regularizer's twin as the seed papers define
/// it, run by the embedded <c>pytorch_reference.py</c> in a Python with torch, driven step by step so its steps interleave
/// with RegBench's round by round.
/// </summary>
public sealed class PyTorchReference : IRoundPartner, IDisposable
{
    /// <summary>Distinct batches sent to PyTorch (cycled), which bounds the data file (8 × 512 × 784 floats: 13 MB).</summary>
    public const int MaxBatches = 8;

    /// <summary>Interpreters tried, in order, when --compare-pytorch names none.</summary>
    public static readonly IReadOnlyList<string> DefaultPythons = ["python3", "/usr/bin/python3"];

    /// <summary>Regularizers with a PyTorch twin in the script, and how each twin is defined there.</summary>
    public static readonly IReadOnlyDictionary<string, string> Twins = new Dictionary<string, string>
    {
        ["none"] = "plain step",
        ["weight-decay"] = "grad += λW",
        ["frobenius-scaling"] = "W ← W·‖W₀‖F/‖W‖F",
        ["spectral-scaling"] = "warm PI to residual 1e-4, W += uvᵀ(σ*−σ)",
        ["sn-regularization"] = "one warm PI step, grad += λσuvᵀ",
        ["adversarial"] = "αL(x)+(1−α)L(x+εg/‖g‖)",
        ["miyato-sn"] = "torch.nn.utils.spectral_norm",
    };

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);
    private readonly ReferenceProcess process;
    private readonly string scriptPath;
    private readonly Dictionary<PluginChoice, List<double>> milliseconds = [];
    private readonly Dictionary<PluginChoice, string> rowErrors = [];
    private readonly Dictionary<PluginChoice, IReadOnlyDictionary<string, double>> metrics = [];
    private readonly List<PluginChoice> order = [];
    private string? skipped;
    private string? error;
    private string? folder;
    private (long Rows, long Inner, long Cols)? largestProduct;
    private MatrixProductTiming? matrixProduct;

    private PyTorchReference(ReferenceProcess process, string scriptPath, PyTorchRuntime runtime)
    {
        this.process = process;
        this.scriptPath = scriptPath;
        Runtime = runtime;
    }

    /// <summary>The Python and torch that answered.</summary>
    public PyTorchRuntime Runtime { get; }

    /// <summary>
    /// Starts the reference in <paramref name="python"/>, or in the first of <see cref="DefaultPythons"/> that imports torch.
    /// Returns null with <paramref name="skipped"/> set to one line (what was tried, how to fix) when none does.
    /// </summary>
    public static PyTorchReference? Open(string? python, out string? skipped)
    {
        var script = WriteScript();
        var tried = new List<string>();
        foreach (var candidate in python is null ? DefaultPythons : [python])
        {
            ReferenceProcess? started = null;
            try
            {
                started = ReferenceProcess.Start(candidate, "-u", script);
                var hello = started.Read(StartTimeout);
                if (ReferenceProcess.Succeeded(hello))
                {
                    skipped = null;
                    return new PyTorchReference(started, script, ReadRuntime(candidate, hello));
                }
                tried.Add($"{candidate}: {hello["error"]?.GetValue<string>() ?? "no torch"}");
            }
            catch (Exception failure) when (failure is Win32Exception or ReferenceException or InvalidOperationException)
            {
                tried.Add($"{candidate}: {(failure is Win32Exception ? "not found or not executable" : failure.Message)}");
            }
            started?.Dispose();
        }
        File.Delete(script);
        skipped = $"PyTorch column skipped: no Python with a usable torch (tried {string.Join("; ", tried)}). " +
                  "Install one (Debian: apt install python3-torch) and pass its interpreter, e.g. --compare-pytorch /usr/bin/python3.";
        return null;
    }

    /// <summary>The column as measured so far: a row per regularizer, or why it was skipped or failed.</summary>
    public PyTorchComparison Result()
    {
        if (skipped is not null) return new PyTorchComparison(Runtime, [], Skipped: skipped);
        var rows = order.Select(choice =>
        {
            var definition = Twins.GetValueOrDefault(choice.Name, "");
            if (rowErrors.TryGetValue(choice, out var rowError) || error is not null)
                return new ReferenceSteps(choice, definition, 0, double.NaN, double.NaN, new Dictionary<string, double>(), rowError ?? error);
            var sorted = milliseconds[choice].Order().ToArray();
            return new ReferenceSteps(choice, definition, sorted.Length, BenchFigures.Median(sorted), Training.Trainer.Percentile(sorted, 0.9),
                metrics.GetValueOrDefault(choice) ?? new Dictionary<string, double>());
        }).ToList();
        return new PyTorchComparison(Runtime, rows, Error: error) { MatrixProduct = matrixProduct };
    }

    /// <inheritdoc />
    public void Prepare(IPluginDirectory plugins, BenchmarkRequest request, ResolvedDataset dataset, CancellationToken cancellation)
    {
        if (request.Architecture.Name != "mlp")
        {
            skipped = $"PyTorch column skipped: only the mlp architecture has a PyTorch twin, not '{request.Architecture.Name}'.";
            return;
        }
        folder = Directory.CreateTempSubdirectory("regbench-pytorch-").FullName;
        var setup = new JsonObject
        {
            ["op"] = "setup",
            ["threads"] = torch.get_num_threads(),
            ["seed"] = BenchmarkRequest.Seed,
            ["lr"] = BenchmarkRequest.Optimizer.Lr,
            ["batch"] = request.BatchSize,
            ["activation"] = Activation(request.Architecture),
        };
        WriteModel(plugins, request, dataset, Path.Combine(folder, "weights.bin"), setup);
        largestProduct = setup["layers"]!.AsArray().Select(l => (Rows: (long)request.BatchSize, Inner: l!["in"]!.GetValue<long>(), Cols: l["out"]!.GetValue<long>()))
            .MaxBy(s => s.Inner * s.Cols);
        WriteBatches(request, dataset, Path.Combine(folder, "data.bin"), setup);
        var variants = new JsonArray();
        foreach (var choice in request.Regularizers)
        {
            order.Add(choice);
            milliseconds[choice] = [];
            if (!Twins.ContainsKey(choice.Name)) rowErrors[choice] = $"no PyTorch twin of {choice.Name}";
            else variants.Add(new JsonObject { ["label"] = choice.Label, ["name"] = choice.Name, ["options"] = JsonNode.Parse(choice.CanonicalOptions) });
        }
        setup["variants"] = variants;
        Guarded(() =>
        {
            process.Request(setup, StepTimeout);
            foreach (var choice in order.Where(c => !rowErrors.ContainsKey(c)))
            {
                cancellation.ThrowIfCancellationRequested();
                process.Request(new JsonObject { ["op"] = "warmup", ["label"] = choice.Label, ["steps"] = request.WarmupSteps }, StepTimeout);
            }
        });
    }

    /// <inheritdoc />
    public void Time(PluginChoice regularizer, int steps, CancellationToken cancellation)
    {
        if (skipped is not null || error is not null || rowErrors.ContainsKey(regularizer) || !milliseconds.ContainsKey(regularizer)) return;
        cancellation.ThrowIfCancellationRequested();
        Guarded(() =>
        {
            var reply = process.Request(new JsonObject { ["op"] = "time", ["label"] = regularizer.Label, ["steps"] = steps }, StepTimeout);
            milliseconds[regularizer].AddRange(reply["ms"]!.AsArray().Select(v => v!.GetValue<double>()));
            metrics[regularizer] = reply["metrics"]!.AsObject().ToDictionary(m => m.Key, m => m.Value!.GetValue<double>());
        });
    }

    /// <summary>
    /// Times the largest layer's forward product x·Wᵀ (float32, random data, this process's torch threads) here and in the
    /// reference, <paramref name="repeats"/> products a side in each of <paramref name="rounds"/> alternating rounds after one
    /// warm-up round; the medians go into <see cref="Result"/>. Does nothing when the column was skipped or has failed.
    /// </summary>
    public void TimeMatrixProduct(int rounds, int repeats, CancellationToken cancellation)
    {
        if (skipped is not null || error is not null || largestProduct is not { } shape) return;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)BenchmarkRequest.Seed);
        var x = randn([shape.Rows, shape.Inner], generator: generator);
        var w = randn([shape.Cols, shape.Inner], generator: generator);
        var request = new JsonObject { ["op"] = "gemm", ["rows"] = shape.Rows, ["inner"] = shape.Inner, ["cols"] = shape.Cols, ["repeats"] = repeats };
        List<double> here = [], there = [];
        Guarded(() =>
        {
            for (var round = 0; round <= rounds; round++)
            {
                cancellation.ThrowIfCancellationRequested();
                var local = new List<double>(repeats);
                for (var i = 0; i < repeats; i++)
                {
                    var start = System.Diagnostics.Stopwatch.GetTimestamp();
                    nn.functional.linear(x, w).Dispose(); // synchronous on the CPU, the only device the twin runs on
                    local.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                var reply = process.Request(request, StepTimeout);
                if (round == 0) continue; // warm-up: first touches of the buffers, BLAS thread start-up
                here.AddRange(local);
                there.AddRange(reply["ms"]!.AsArray().Select(v => v!.GetValue<double>()));
            }
        });
        if (error is null && here.Count > 0)
            matrixProduct = new MatrixProductTiming(shape.Rows, shape.Inner, shape.Cols, torch.get_num_threads(),
                BenchFigures.Median(here), BenchFigures.Median(there));
    }

    /// <summary>Ends the Python process and deletes the script and the data files.</summary>
    public void Dispose()
    {
        process.Dispose();
        File.Delete(scriptPath);
        if (folder is not null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (ReferenceException failure)
        {
            error = $"PyTorch reference failed: {failure.Message}";
        }
    }

    /// <summary>The mlp's activation from its bound options ("relu" when absent).</summary>
    internal static string Activation(PluginChoice architecture)
    {
        using var options = JsonDocument.Parse(architecture.CanonicalOptions);
        return options.RootElement.ValueKind == JsonValueKind.Object && options.RootElement.TryGetProperty("activation", out var value)
            ? value.GetString()!.ToLowerInvariant() : "relu";
    }

    /// <summary>RegBench's initial model for the baseline cell (same seed, so the same weights every row starts from): each layer's weight then bias, float32.</summary>
    private static void WriteModel(IPluginDirectory plugins, BenchmarkRequest request, ResolvedDataset dataset, string path, JsonObject setup)
    {
        torch.manual_seed(BenchmarkRequest.Seed);
        using var generator = new Generator((ulong)BenchmarkRequest.Seed);
        using var built = CellModel.Build(plugins, request.CellFor(request.Regularizers[0]), dataset.Shape, generator);
        using var scope = NewDisposeScope();
        var parameters = built.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var layers = new JsonArray();
        using var file = File.Create(path);
        foreach (var layer in built.Layers)
        {
            if (layer.Kind != LayerKind.Linear) throw new InvalidOperationException($"layer '{layer.Name}' is {layer.Kind}; the PyTorch twin builds Linear layers only.");
            var bias = parameters.GetValueOrDefault($"{layer.Name}.bias");
            layers.Add(new JsonObject { ["out"] = layer.Weight.shape[0], ["in"] = layer.Weight.shape[1], ["bias"] = bias is not null });
            WriteFloats(file, layer.Weight);
            if (bias is not null) WriteFloats(file, bias);
        }
        setup["layers"] = layers;
        setup["weights"] = path;
    }

    /// <summary>The first batches of the order RegBench's steps use (randperm of the cell seed): flattened float32 images, then int64 labels.</summary>
    private static void WriteBatches(BenchmarkRequest request, ResolvedDataset dataset, string path, JsonObject setup)
    {
        using var scope = NewDisposeScope();
        var splits = dataset.Splits;
        var count = (int)Math.Min(MaxBatches, splits.TrainCount / request.BatchSize);
        using var generator = new Generator((ulong)BenchmarkRequest.Seed);
        var index = randperm(splits.TrainCount, generator: generator).narrow(0, 0, (long)count * request.BatchSize);
        var images = splits.TrainImages.index_select(0, index).flatten(1);
        using var file = File.Create(path);
        WriteFloats(file, images);
        var labels = splits.TrainLabels.index_select(0, index).to_type(ScalarType.Int64).contiguous().data<long>().ToArray();
        file.Write(MemoryMarshal.AsBytes(labels.AsSpan()));
        setup["batches"] = count;
        setup["features"] = images.shape[1];
        setup["data"] = path;
    }

    private static void WriteFloats(Stream file, Tensor tensor)
    {
        using var noGrad = no_grad();
        var values = tensor.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        file.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static string WriteScript()
    {
        var path = Path.Combine(Path.GetTempPath(), $"regbench-pytorch-{Guid.NewGuid():N}.py");
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("RegBench.Engine.Benchmarks.pytorch_reference.py")
                             ?? throw new InvalidOperationException("the embedded pytorch_reference.py is missing from RegBench.Engine; rebuild it.");
        using var file = File.Create(path);
        resource.CopyTo(file);
        return path;
    }

    private static PyTorchRuntime ReadRuntime(string python, JsonObject hello) => new(
        hello["executable"]?.GetValue<string>() is { Length: > 0 } executable ? executable : python,
        hello["torch"]!.GetValue<string>(), hello["python"]?.GetValue<string>() ?? "?", hello["threads"]!.GetValue<int>(),
        hello["config"]?.GetValue<string>() ?? "", hello["parallel"]?.GetValue<string>() ?? "",
        [.. (hello["libraries"]?.AsArray() ?? []).Select(l => l!.GetValue<string>())]);
}
