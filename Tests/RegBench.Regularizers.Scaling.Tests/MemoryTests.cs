using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Scaling.Tests;

/// <summary>No tensor leaks: the live tensor count of the thread is flat across a long training loop.</summary>
public sealed class MemoryTests
{
    public static TheoryData<string, string, int> Plugins => new()
    {
        { "weight-decay", "{}", 300 },
        { "weight-decay", """{ "decoupled": true }""", 300 },
        { "frobenius-scaling", "{}", 1000 },
        { "spectral-scaling", "{}", 1000 },
        { "spectral-scaling", """{ "estimator": "operator", "mode": "adaptive" }""", 300 },
        { "spectral-scaling", """{ "mode": "faithful", "maxIterations": 20 }""", 300 },
    };

    [Theory]
    [MemberData(nameof(Plugins))]
    public void A_long_training_loop_keeps_the_live_tensor_count_flat(string name, string json, int steps)
    {
        using var model = TestModel.ConvNet(seed: 3);
        IRegularizer regularizer = name switch
        {
            "weight-decay" => Fixture.WeightDecay(json),
            "frobenius-scaling" => Fixture.Frobenius(json),
            _ => Fixture.Spectral(json),
        };
        Fixture.Attach(regularizer, model.Layers);
        var (inputs, labels) = model.Batch(seed: 1);
        long live = 0;
        for (var step = 0; step < steps; step++)
        {
            model.TrainStep(regularizer, inputs, labels, lr: 1e-3);
            if (step % 100 == 99) (regularizer as IReportsMetrics)?.CollectEpochMetrics();
            if (step == 9) live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        inputs.Dispose();
        labels.Dispose();
        (regularizer as IDisposable)?.Dispose();
    }
}
