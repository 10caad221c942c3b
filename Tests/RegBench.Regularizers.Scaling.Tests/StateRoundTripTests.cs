using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Scaling.Tests;

/// <summary>Layer state saved with TorchSharp and restored into a fresh model resumes bitwise-identically.</summary>
public sealed class StateRoundTripTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("regbench-scaling-").FullName;

    public static TheoryData<string, string> Plugins => new()
    {
        { "frobenius-scaling", "{}" },
        { "spectral-scaling", """{ "mode": "adaptive" }""" },
        { "spectral-scaling", """{ "mode": "faithful", "maxIterations": 50 }""" },
        { "spectral-scaling", """{ "estimator": "operator", "maxIterations": 50 }""" },
        { "weight-decay", """{ "decoupled": true }""" },
    };

    [Theory]
    [MemberData(nameof(Plugins))]
    public void Resumed_plugin_takes_the_same_next_step_bitwise_as_the_uninterrupted_one(string name, string json)
    {
        using var scope = NewDisposeScope();
        using var original = TestModel.ConvNet(seed: 11);
        var running = Create(name, json);
        Fixture.Attach(running, original.Layers);
        for (var step = 0; step < 3; step++)
        {
            var (x, y) = original.Batch(seed: step);
            original.TrainStep(running, x, y);
        }
        Save(original);

        using var resumed = TestModel.ConvNet(seed: 99);
        Restore(resumed);
        var restarted = Create(name, json);
        Fixture.Attach(restarted, resumed.Layers, resumed: true);
        foreach (var layer in resumed.Layers)
            foreach (var state in layer.State.Names)
                Assert.True(Fixture.BitwiseEqual(layer.State.Get(state)!, original.Layers.Single(l => l.Name == layer.Name).State.Get(state)!),
                    $"{layer.Name}: Attach(Resumed) changed restored state '{state}'");

        var (inputs, labels) = original.Batch(seed: 3);
        original.TrainStep(running, inputs, labels);
        resumed.TrainStep(restarted, inputs, labels);
        foreach (var (a, b) in original.Parameters.Zip(resumed.Parameters))
            Assert.True(Fixture.BitwiseEqual(a, b), $"{name} {json}: weights differ after the resumed step");
    }

    [Theory]
    [InlineData("frobenius-scaling")]
    [InlineData("spectral-scaling")]
    public void Resumed_attach_without_a_restored_target_fails_naming_the_layer(string name)
    {
        using var model = TestModel.Mlp(seed: 1, 3, 4, 2);
        var error = Assert.Throws<InvalidOperationException>(() => Fixture.Attach(Create(name, "{}"), model.Layers, resumed: true));
        Assert.Contains("'in'", error.Message);
        Assert.Contains("target", error.Message);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static IRegularizer Create(string name, string json) => name switch
    {
        "frobenius-scaling" => Fixture.Frobenius(json),
        "spectral-scaling" => Fixture.Spectral(json),
        _ => Fixture.WeightDecay(json),
    };

    private void Save(TestModel model)
    {
        var index = 0;
        foreach (var parameter in model.Parameters) parameter.detach().save(Path.Combine(directory, $"param{index++}.pt"));
        foreach (var layer in model.Layers)
        {
            var folder = Directory.CreateDirectory(Path.Combine(directory, layer.Name)).FullName;
            foreach (var state in layer.State.Names) layer.State.Get(state)!.save(Path.Combine(folder, state));
        }
    }

    private void Restore(TestModel model)
    {
        var index = 0;
        using (no_grad())
        {
            foreach (var parameter in model.Parameters)
            {
                using var saved = Tensor.load(Path.Combine(directory, $"param{index++}.pt"));
                parameter.copy_(saved);
            }
        }
        foreach (var layer in model.Layers)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(directory, layer.Name)))
            {
                layer.State.Set(Path.GetFileName(file), Tensor.load(file));
                layer.State.Get(Path.GetFileName(file))!.DetachFromDisposeScope();
            }
        }
    }
}
