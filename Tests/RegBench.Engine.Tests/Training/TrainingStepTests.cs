using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Tests.Training;

public sealed class TrainingStepTests
{
    [FashionMnistFact]
    public void Torch_loads_and_one_training_step_on_a_fashion_mnist_batch_lowers_the_loss()
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(0);
        var options = JsonSerializer.SerializeToElement(new { trainLimit = 256, testLimit = 16 });
        var dataset = (IDataset)BuiltInPlugins.Catalog.Find(PluginKind.Dataset, "fashion-mnist")!.CreateFrom(options);
        using var data = dataset.Load(new DatasetLoadContext(null, 0));
        Assert.Equal(256, data.TrainCount);
        var architecture = (IArchitecture)BuiltInPlugins.Catalog.Find(PluginKind.Architecture, "mlp")!.CreateFrom(JsonSerializer.SerializeToElement(new { depth = 1, width = 64 }));
        using var generator = new Generator(0);
        var factory = new LayerFactory();
        using var model = architecture.Build(new ModelContext(dataset.Shape, factory, generator));
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        double Loss() { using var _ = no_grad(); return nn.functional.cross_entropy(model.forward(data.TrainImages), data.TrainLabels).item<float>(); }

        var before = Loss();
        optimizer.zero_grad();
        nn.functional.cross_entropy(model.forward(data.TrainImages), data.TrainLabels).backward();
        optimizer.step();

        Assert.True(Loss() < before, $"loss did not fall: {before} → {Loss()}");
        Assert.Equal(["fc1", "out"], factory.Layers.Select(l => l.Name));
    }
}
