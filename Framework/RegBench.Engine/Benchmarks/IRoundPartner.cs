using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Running;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// Something timed beside the regularizers in <see cref="StepBenchmark"/>'s rounds (the PyTorch reference): prepared once
/// after RegBench's warm-ups, then asked for the same number of steps right after each regularizer's steps in every round.
/// </summary>
public interface IRoundPartner
{
    /// <summary>Builds its side of the request (model, data, variants) and runs its warm-up steps.</summary>
    void Prepare(IPluginDirectory plugins, BenchmarkRequest request, ResolvedDataset dataset, CancellationToken cancellation);

    /// <summary>Runs and times <paramref name="steps"/> steps of its twin of <paramref name="regularizer"/>.</summary>
    void Time(PluginChoice regularizer, int steps, CancellationToken cancellation);
}
