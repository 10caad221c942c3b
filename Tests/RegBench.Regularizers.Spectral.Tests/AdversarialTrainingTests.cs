using RegBench.Abstractions;
using RegBench.Regularizers.AdversarialTraining;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Adversarial = RegBench.Regularizers.AdversarialTraining.AdversarialTraining;

namespace RegBench.Regularizers.Spectral.Tests;

public sealed class AdversarialTrainingTests
{
    /// <summary>A linear classifier that records every input it sees and marks each output with a backward counter.</summary>
    private sealed class RecordingModel : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> linear;

        public RecordingModel(nn.Module<Tensor, Tensor> linear) : base("recording")
        {
            this.linear = linear;
            RegisterComponents();
        }

        public List<Tensor> Inputs { get; } = [];

        public List<Count> Outputs { get; } = [];

        public override Tensor forward(Tensor input)
        {
            Inputs.Add(input.detach().clone().DetachFromDisposeScope());
            var count = new Count();
            Outputs.Add(count);
            return BackwardCounter.apply(linear.forward(input), count);
        }
    }

    /// <summary>How many backward passes went through one forward output.</summary>
    private sealed class Count
    {
        public int Calls { get; set; }
    }

    /// <summary>Identity whose backward increments the <see cref="Count"/> passed with the tensor.</summary>
    private sealed class BackwardCounter : autograd.SingleTensorFunction<BackwardCounter>
    {
        public override string Name => "BackwardCounter";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            ctx.save_data("count", vars[1]);
            return ((Tensor)vars[0]).clone();
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
        {
            ((Count)ctx.get_data("count")).Calls++;
            return [grad, null!]; // none for the Count argument
        }
    }

    private static (RecordingModel Model, Tensor X, Tensor Y) Batch(int seed, int examples = 5, int features = 6, int classes = 3)
    {
        manual_seed(seed);
        var factory = new RegBench.Engine.Training.LayerFactory();
        var model = new RecordingModel(factory.Linear("fc", features, classes));
        var generator = new Generator((ulong)seed, CPU);
        // Examples of very different scales give per-example gradients of very different norms.
        var scales = tensor(new float[] { 1, 100, 0.01f, 3, 0.3f }[..examples]).unsqueeze(1);
        var x = randn([examples, features], generator: generator) * scales;
        var y = randint(classes, [examples], generator: generator);
        return (model, x, y);
    }

    private static Tensor CrossEntropy(Tensor logits, Tensor labels) => F.cross_entropy(logits, labels);

    [Fact]
    public void Each_example_perturbation_has_norm_epsilon()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Batch(1);
        new Adversarial(new() { Epsilon = 0.7 }).Loss(model, x, y, CrossEntropy);
        var eta = model.Inputs[1] - model.Inputs[0];
        var norms = linalg.vector_norm(eta, dims: [1]).data<float>().ToArray();
        Assert.All(norms, n => Assert.Equal(0.7, n, 1e-4));
    }

    [Fact]
    public void A_step_is_two_forwards_and_two_backwards_each_graph_back_propagated_once()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Batch(2);
        var loss = new Adversarial(new()).Loss(model, x, y, CrossEntropy);
        Assert.Equal(2, model.Outputs.Count);                                      // forwards: clean, perturbed
        Assert.Equal([1, 0], model.Outputs.Select(o => o.Calls));                 // one backward of the clean graph inside Loss (g and its gradients)
        loss.backward();                                                           // the trainer's one backward
        Assert.Equal(2, model.Outputs.Count);                                      // no forward recomputes the clean loss
        Assert.Equal([1, 1], model.Outputs.Select(o => o.Calls));                  // it reaches only the perturbed graph
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    public void Parameter_gradients_equal_autograd_of_the_alpha_mix_with_a_constant_eta(double alpha)
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Batch(7);
        new Adversarial(new() { Alpha = alpha, Epsilon = 0.5 }).Loss(model, x, y, CrossEntropy).backward();
        var gradients = model.parameters().Select(p => p.grad!.clone()).ToList();
        foreach (var p in model.parameters()) p.grad!.zero_();
        var xg = x.detach().requires_grad_(true);
        var clean = CrossEntropy(model.forward(xg), y);
        var g = autograd.grad([clean], [xg], retain_graph: true)[0];
        var eta = 0.5 * g / linalg.vector_norm(g, dims: [1], keepdim: true);
        (alpha * clean + (1 - alpha) * CrossEntropy(model.forward(x + eta), y)).backward();
        Assert.All(model.parameters().Zip(gradients), pair =>
            Assert.True(TestLayers.MaxDifference(pair.First.grad!, pair.Second) < 1e-5, $"gradient differs by {TestLayers.MaxDifference(pair.First.grad!, pair.Second):E3}"));
    }

    [Fact]
    public void Alpha_one_reduces_to_the_clean_loss_and_its_gradient()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Batch(3);
        var loss = new Adversarial(new() { Alpha = 1 }).Loss(model, x, y, CrossEntropy);
        loss.backward();
        var gradient = model.parameters().Select(p => p.grad!.clone()).ToList();
        foreach (var p in model.parameters()) p.grad!.zero_();
        var clean = CrossEntropy(model.forward(x), y);
        clean.backward();
        Assert.Equal(clean.item<float>(), loss.item<float>());
        Assert.All(model.parameters().Zip(gradient), pair => Assert.True(TestLayers.BitwiseEqual(pair.First.grad!, pair.Second)));
    }

    [Fact]
    public void Loss_is_the_alpha_mix_of_clean_and_perturbed_losses_with_a_constant_eta()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Batch(4);
        var loss = new Adversarial(new() { Alpha = 0.3, Epsilon = 2 }).Loss(model, x, y, CrossEntropy);
        var xg = x.detach().requires_grad_(true);
        var clean = CrossEntropy(model.forward(xg), y);
        var g = autograd.grad([clean], [xg])[0];
        var eta = 2 * g / linalg.vector_norm(g, dims: [1], keepdim: true);
        var expected = 0.3 * clean + 0.7 * CrossEntropy(model.forward(x + eta), y);
        Assert.Equal(expected.item<float>(), loss.item<float>(), 1e-5);
    }

    [Fact]
    public void First_criterion_call_sees_the_clean_logits()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Batch(5);
        Tensor? first = null;
        new Adversarial(new()).Loss(model, x, y, (logits, labels) => { first ??= logits.detach().clone().DetachFromDisposeScope(); return CrossEntropy(logits, labels); });
        Assert.True(TestLayers.MaxDifference(first!, model.forward(x)) < 1e-6);
    }

    [Fact]
    public void Zero_weights_give_no_perturbation_and_no_NaN()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Batch(6);
        using (no_grad()) foreach (var p in model.parameters()) p.zero_();
        var loss = new Adversarial(new()).Loss(model, x, y, CrossEntropy);
        loss.backward();
        Assert.True(TestLayers.AllFinite(loss) && model.parameters().All(p => TestLayers.AllFinite(p.grad!)));
        Assert.True((model.Inputs[1] - model.Inputs[0]).abs().max().item<float>() == 0);
    }

    [Fact]
    public void Metrics_are_the_epoch_means_of_clean_and_perturbed_losses()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Batch(7);
        using var adversarial = new Adversarial(new());
        var losses = Enumerable.Range(0, 3).Select(_ => adversarial.Loss(model, x, y, CrossEntropy).item<float>()).ToList();
        var metrics = adversarial.CollectEpochMetrics();
        Assert.Equal(losses.Average(), 0.5 * metrics["adversarial.clean_loss"] + 0.5 * metrics["adversarial.perturbed_loss"], 1e-5);
        Assert.Empty(adversarial.CollectEpochMetrics());
    }

    [Theory]
    [InlineData("""{"alpha": 1.5}""", "alpha")]
    [InlineData("""{"alpha": -0.1}""", "alpha")]
    [InlineData("""{"epsilon": -1}""", "epsilon")]
    public void Out_of_range_options_are_rejected_naming_the_property(string json, string property)
    {
        var descriptor = new RegBench.Regularizers.AdversarialTraining.RegBenchPluginManifest().Plugins.Single();
        var error = Assert.Throws<PluginOptionsException>(() => descriptor.CreateFrom(TestLayers.Json(json)));
        Assert.Equal(property, error.PropertyPath);
    }

    [Fact]
    public void Defaults_are_the_papers()
    {
        var descriptor = new RegBench.Regularizers.AdversarialTraining.RegBenchPluginManifest().Plugins.Single();
        var adversarial = (Adversarial)descriptor.CreateFrom(TestLayers.Json("{}"));
        Assert.Equal((0.5, 1.0), (adversarial.Options.Alpha, adversarial.Options.Epsilon));
    }
}
