using RegBench.Results;
using TorchSharp;

namespace RegBench.Reporting.TensorBoard;

/// <summary>
/// TensorBoard event files for one cell, through TorchSharp's SummaryWriter: run directory ROOT/&lt;cell id&gt;-&lt;label slug&gt;;
/// per epoch the scalars loss/*, accuracy/*, lr, sensitivity, sigma_max/mean|std, step_ms/*, sigma_max/&lt;layer&gt;, extra/&lt;name&gt;,
/// and histograms of σ₁ across layers (sigma_max/layers) and of each layer's spectrum (spectrum/&lt;layer&gt;) when recorded.
/// </summary>
public sealed class TensorBoardCellWriter
{
    private readonly TorchSharp.Modules.SummaryWriter writer;

    /// <summary>Creates the cell's run directory under <paramref name="rootDirectory"/> and records its label as text.</summary>
    public TensorBoardCellWriter(string rootDirectory, string cellId, string label)
    {
        RunDirectory = Path.Combine(Path.GetFullPath(rootDirectory), $"{cellId}-{Figures.FigureStyle.Slug(label)}");
        writer = torch.utils.tensorboard.SummaryWriter(RunDirectory);
        writer.add_text("cell", $"{cellId}: {label}", 0);
    }

    /// <summary>The cell's run directory (one per cell, so TensorBoard lists cells as runs).</summary>
    public string RunDirectory { get; }

    /// <summary>Writes one epoch's metrics and layer statistics at step = epoch.</summary>
    public void Epoch(EpochRecord epoch, IReadOnlyList<LayerRecord> layers)
    {
        var step = epoch.Epoch;
        Scalar("loss/train", epoch.TrainLoss, step);
        Scalar("loss/test", epoch.TestLoss, step);
        Scalar("accuracy/train", epoch.TrainAccuracy, step);
        Scalar("accuracy/test", epoch.TestAccuracy, step);
        Scalar("lr", epoch.LearningRate, step);
        Scalar("step_ms/median", epoch.StepMillisecondsMedian, step);
        Scalar("step_ms/p90", epoch.StepMillisecondsP90, step);
        if (epoch.Sensitivity is { } sensitivity) Scalar("sensitivity", sensitivity, step);
        foreach (var (name, value) in epoch.Extra)
            Scalar(name switch { "sigma_max_mean" => "sigma_max/mean", "sigma_max_std" => "sigma_max/std", _ => "extra/" + name }, value, step);
        foreach (var layer in layers) Scalar($"sigma_max/{layer.Layer}", layer.SigmaMax, step);
        if (layers.Count > 0) Histogram("sigma_max/layers", layers.Select(l => l.SigmaMax).ToArray(), step);
        foreach (var layer in layers)
            if (layer.Spectrum is { Count: > 0 } spectrum) Histogram($"spectrum/{layer.Layer}", spectrum.ToArray(), step);
    }

    private void Scalar(string tag, double value, int step)
    {
        if (double.IsFinite(value)) writer.add_scalar(tag, (float)value, step);
    }

    private void Histogram(string tag, double[] values, int step)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return;
        using var tensor = torch.tensor(finite);
        writer.add_histogram(tag, tensor, step);
    }
}
