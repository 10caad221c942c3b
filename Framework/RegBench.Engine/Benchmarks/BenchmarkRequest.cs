using RegBench.Engine.Experiments;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// A checked benchmark: the fixed model and data every regularizer is measured on, the regularizers in order (the
/// <see cref="BaselineName"/> baseline first, always), steps, and limits. Training settings are those of a plain cell:
/// seed 0, Adam with learning rate 1e-3, constant schedule, default init.
/// </summary>
public sealed record BenchmarkRequest(
    PluginChoice Dataset,
    PluginChoice Architecture,
    IReadOnlyList<PluginChoice> Regularizers,
    int BatchSize,
    int TimedSteps,
    int WarmupSteps,
    int? Threads,
    BenchmarkLimits Limits,
    string? OutputPath)
{
    /// <summary>Compare every training σ estimate of a timed step with exact σ₁ after the step (`--check-sigma`; metrics "sigma_check.*").</summary>
    public bool CheckSigma { get; init; }

    /// <summary>`--extras`: rows of <see cref="ExtraBenchmarks.Names"/> measured after the steps (empty: none).</summary>
    public IReadOnlyList<string> Extras { get; init; } = [];

    /// <summary>`--epoch-examples`: training examples an epoch of the epoch, loader and memory rows uses (null: the whole split).</summary>
    public long? EpochExamples { get; init; }

    /// <summary>`--compare-pytorch`: whether to time the PyTorch twins beside RegBench's steps.</summary>
    public bool ComparePyTorch { get; init; }

    /// <summary>`--compare-pytorch PYTHON`: the interpreter to use (null: <see cref="PyTorchReference.DefaultPythons"/>).</summary>
    public string? Python { get; init; }

    /// <summary>The regularizer every ratio is relative to, measured first in the same run.</summary>
    public const string BaselineName = "none";

    /// <summary>DESIGN's 3×1024 MLP.</summary>
    public const string DefaultArchitecture = """{"name":"mlp","depth":3,"width":1024}""";

    /// <summary>Embedded synthetic data: 1×28×28, 10 classes, no files.</summary>
    public const string DefaultDataset = "synthetic";

    /// <summary>Seed of the model, the data order and the regularizers.</summary>
    public const long Seed = 0;

    /// <summary>The optimizer of every measured step.</summary>
    public static OptimizerSettings Optimizer { get; } = new("adam", 1e-3);

    /// <summary>The torch device every model is measured on ("cpu", "cuda"; resolved from --device by <see cref="Torch.DeviceChoice"/>).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The cell whose training step is measured for <paramref name="regularizer"/> (profile "bench", one epoch).</summary>
    public CellSpec CellFor(PluginChoice regularizer) =>
        new("bench", Dataset, Architecture, regularizer, Seed, BatchSize, Epochs: 1, Optimizer, new ScheduleSettings());
}
