using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace RegBench.Engine.Tests.Training;

/// <summary><see cref="IParameterUpdate"/>: owned parameters leave the engine's optimizer and are stepped by the regularizer.</summary>
public sealed class ParameterUpdateTests
{
    /// <summary>Owns the first layer's weight, records each Update with the gradient it saw, and leaves the weight alone.</summary>
    private sealed class OwningRegularizer : IParameterUpdate, IWeightProjection
    {
        public List<string> Calls { get; } = [];
        public List<double> LearningRates { get; } = [];
        public List<Tensor> Gradients { get; } = [];

        public IReadOnlyList<Parameter> OwnedParameters(IReadOnlyList<RegularizedLayer> layers)
        {
            Calls.Add("owned");
            return [layers[0].Weight];
        }

        public void Update(IReadOnlyList<RegularizedLayer> layers, double learningRate)
        {
            Calls.Add("update");
            LearningRates.Add(learningRate);
            Gradients.Add(layers[0].Weight.grad!.detach().clone().DetachFromDisposeScope());
        }

        public void AfterStep(IReadOnlyList<RegularizedLayer> layers) => Calls.Add("after-step");
    }

    private sealed record Run(Trainer Trainer, LayerFactory Factory, nn.Module<Tensor, Tensor> Model, DatasetSplits Data) : IDisposable
    {
        public void Dispose()
        {
            Trainer.Dispose();
            Model.Dispose();
            Data.Dispose();
        }
    }

    [Fact]
    public void The_engine_optimizer_leaves_owned_parameters_alone_and_steps_the_others()
    {
        var regularizer = new OwningRegularizer();
        using var run = Start(regularizer, new ScheduleSettings());
        var owned = run.Factory.Layers[0].Weight.detach().clone();
        var other = run.Factory.Layers[1].Weight.detach().clone();

        run.Trainer.RunEpoch(1, CancellationToken.None);

        Assert.True(run.Factory.Layers[0].Weight.detach().equal(owned).all().item<bool>(), "the engine's optimizer changed an owned parameter");
        Assert.False(run.Factory.Layers[1].Weight.detach().equal(other).all().item<bool>(), "the engine's optimizer did not train the other layer");
    }

    [Fact]
    public void Update_runs_after_the_optimizer_step_and_before_the_projection_with_the_scheduled_learning_rate()
    {
        var regularizer = new OwningRegularizer();
        using var run = Start(regularizer, new ScheduleSettings("multistep", [1], Gamma: 0.5));

        run.Trainer.RunEpoch(1, CancellationToken.None);
        run.Trainer.RunEpoch(2, CancellationToken.None);

        string[] step = ["update", "after-step"];
        Assert.Equal(["owned", .. step, .. step, .. step, .. step, .. step, .. step], regularizer.Calls); // 10 examples, batch 4: three steps an epoch
        Assert.Equal([0.1, 0.1, 0.1, 0.05, 0.05, 0.05], regularizer.LearningRates);
    }

    [Fact]
    public void Owned_gradients_are_zeroed_before_each_backward()
    {
        var regularizer = new OwningRegularizer();
        using var run = Start(regularizer, new ScheduleSettings(), learningRate: 0);
        using var batch = arange(0, 4, ScalarType.Int64);
        using var correct = zeros(1, ScalarType.Int64);

        run.Trainer.Step(batch, correct);
        run.Trainer.Step(batch, correct);

        // Nothing changes (lr 0, the owned weight left alone), so the same batch gives the same gradient unless the first one accumulated.
        Assert.True(regularizer.Gradients[1].allclose(regularizer.Gradients[0], rtol: 1e-5, atol: 1e-7), "the owned gradient accumulated across steps");
    }

    private static Run Start(IRegularizer regularizer, ScheduleSettings schedule, double learningRate = 0.1)
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(3);
        var factory = new LayerFactory();
        var model = nn.Sequential(nn.Flatten(), factory.Linear("fc", 4, 3), nn.ReLU(), factory.Linear("out", 3, 2));
        var data = new DatasetSplits(randn(10, 1, 2, 2), randint(0, 2, [10]), randn(4, 1, 2, 2), randint(0, 2, [4]), "test");
        static PluginChoice Choice(PluginKind kind, string name) => new(kind, name, System.Text.Json.JsonSerializer.SerializeToElement(new { }), "{}", 1);
        var cell = new CellSpec("p", Choice(PluginKind.Dataset, "synthetic"), Choice(PluginKind.Architecture, "mlp"),
            Choice(PluginKind.Regularizer, "owning"), 0, BatchSize: 4, Epochs: 2, new OptimizerSettings("sgd", Lr: learningRate), schedule);
        var trainer = new Trainer(cell, model, factory.Layers, regularizer, data);
        regularizer.Attach(new RegularizationContext(factory.Layers, false, 0));
        return new Run(trainer, factory, model, data);
    }
}
