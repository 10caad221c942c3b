using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Tests.Training;

public sealed class PhaseOrderTests
{
    /// <summary>A regularizer implementing every phase that records each call.</summary>
    private sealed class RecordingRegularizer : ILossTransform, IGradientHook, IWeightProjection
    {
        public List<string> Calls { get; } = [];
        public bool GradientSeenAfterBackward { get; private set; }

        public void Attach(RegularizationContext context) => Calls.Add("attach");

        public Tensor Loss(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, Func<Tensor, Tensor, Tensor> criterion)
        {
            Calls.Add("loss");
            return criterion(model.forward(inputs), labels);
        }

        public void AfterBackward(IReadOnlyList<RegularizedLayer> layers)
        {
            Calls.Add("after-backward");
            GradientSeenAfterBackward = layers.All(l => l.Weight.grad is not null);
        }

        public void AfterStep(IReadOnlyList<RegularizedLayer> layers) => Calls.Add("after-step");
    }

    [Fact]
    public void Each_step_calls_loss_then_gradient_hook_then_projection_after_attach()
    {
        TorchRuntime.EnsureLoaded();
        var factory = new LayerFactory();
        using var model = nn.Sequential(nn.Flatten(), factory.Linear("fc", 4, 2));
        using var data = new DatasetSplits(randn(10, 1, 2, 2), randint(0, 2, [10]), randn(4, 1, 2, 2), randint(0, 2, [4]), "test");
        static PluginChoice Choice(PluginKind kind, string name) => new(kind, name, System.Text.Json.JsonSerializer.SerializeToElement(new { }), "{}", 1);
        var cell = new CellSpec("p", Choice(PluginKind.Dataset, "synthetic"), Choice(PluginKind.Architecture, "mlp"),
            Choice(PluginKind.Regularizer, "recording"), 0, BatchSize: 4, Epochs: 1, new OptimizerSettings(), new ScheduleSettings());
        var regularizer = new RecordingRegularizer();
        regularizer.Attach(new RegularizationContext(factory.Layers, false, 0));
        using var trainer = new Trainer(cell, model, factory.Layers, regularizer, data);

        trainer.RunEpoch(1, CancellationToken.None);

        string[] step = ["loss", "after-backward", "after-step"];
        Assert.Equal(["attach", .. step, .. step, .. step], regularizer.Calls); // 10 examples, batch 4: three steps
        Assert.True(regularizer.GradientSeenAfterBackward, "the gradient hook ran before backward had filled the gradients");
    }
}
