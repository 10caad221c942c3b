using System.Text;
using RegBench.Abstractions;
using RegBench.Engine.Checkpoints;
using RegBench.Engine.Experiments;
using RegBench.Engine.Running;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Tests.Torch;

/// <summary>
/// The engine's device placement, exercised without a GPU: torch's `meta` device (shapes, no data) is a real non-CPU device, so a
/// cell built for it proves that every tensor was placed rather than left on the CPU; the CPU target proves nothing moves there.
/// </summary>
public sealed class DevicePlacementTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public static TheoryData<string, string> RegularizersOnDevices()
    {
        var data = new TheoryData<string, string>();
        foreach (var device in new[] { "cpu", "meta" })
            foreach (var regularizer in new[] { "none", "weight-decay", "frobenius-scaling", "spectral-scaling", "sn-regularization", "adversarial", "miyato-sn", "stiefel" })
                data.Add((regularizer, device) switch
                {
                    // libtorch 2.10 has meta kernels for neither `where` (miyato-sn's power steps) nor a full `max` (stiefel's sigma-max
                    // initial λ); these settings avoid them, and the tensors they make are still drawn and placed.
                    ("miyato-sn", "meta") => """{ "name": "miyato-sn", "initIterations": 0 }""",
                    ("stiefel", "meta") => """{ "name": "stiefel", "initialSpectrum": "closest" }""",
                    _ => $"\"{regularizer}\"",
                }, device);
        return data;
    }

    /// <summary>A cell of a small ResNet (conv layers, batch-norm buffers, a linear head) regularized by <paramref name="regularizer"/> (experiments.json syntax).</summary>
    private static CellSpec Cell(string regularizer, int epochs = 1)
    {
        var profile = ExperimentFileReader.Parse(Encoding.UTF8.GetBytes($$"""
            { "profiles": { "p": {
                "datasets": [{ "name": "synthetic", "channels": 3, "height": 8, "width": 8, "trainSize": 32, "testSize": 16 }],
                "architectures": [{ "name": "resnet", "depth": 18, "width": 4 }], "regularizers": [{{regularizer}}],
                "epochs": {{epochs}}, "seeds": [1], "batchSize": 16 } } }
            """), "e.json", BuiltInPlugins.Catalog).Profile("p");
        return Assert.Single(MatrixExpander.Expand(profile, null));
    }

    /// <summary>A cell's model, trainer (Adam) and attached regularizer, built as CellRunner builds them, on <paramref name="placement"/>.</summary>
    private sealed class PlacedCell : IDisposable
    {
        private readonly DatasetResolver datasets = new(BuiltInPlugins.Catalog, null, new Running.SilentProgress());
        private readonly Generator generator;

        public PlacedCell(CellSpec cell, DevicePlacement placement, bool attach = true)
        {
            TorchRuntime.EnsureLoaded();
            manual_seed(cell.Seed);
            generator = new Generator((ulong)cell.Seed);
            var dataset = datasets.Resolve(cell.Dataset);
            Built = CellModel.Build(BuiltInPlugins.Catalog, cell, dataset.Shape, generator, placement);
            Trainer = new Trainer(cell, Built.Model, Built.Layers, Built.Regularizer, dataset.Splits, Built.Placement);
            if (attach) Built.Attach(resumed: false, cell.Seed, () => Trainer.CurrentLearningRate);
        }

        public CellModel Built { get; }

        public Trainer Trainer { get; }

        /// <summary>Every tensor the cell keeps, named: parameters, buffers, the optimizer's state, owned parameters and layer state.</summary>
        public IEnumerable<(string Name, Tensor Tensor)> Tensors()
        {
            foreach (var (name, parameter) in Built.Model.named_parameters()) yield return ($"parameter {name}", parameter);
            foreach (var (name, buffer) in Built.Model.named_buffers()) yield return ($"buffer {name}", buffer);
            foreach (var state in Trainer.Optimizer.state_dict().State.Cast<TorchSharp.Modules.Adam.State>())
            {
                yield return ("adam exp_avg", state.exp_avg);
                yield return ("adam exp_avg_sq", state.exp_avg_sq);
            }
            foreach (var parameter in (Built.Regularizer as IParameterUpdate)?.OwnedParameters(Built.Layers) ?? [])
                yield return ("owned parameter", parameter);
            foreach (var layer in Built.Layers)
                foreach (var name in layer.State.Names)
                    yield return ($"state {layer.Name}/{name}", layer.State.Get(name)!);
        }

        public void Dispose()
        {
            Trainer.Dispose();
            Built.Dispose();
            generator.Dispose();
            datasets.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(RegularizersOnDevices))]
    public void Model_buffers_optimizer_state_and_regularizer_state_are_all_on_the_chosen_device(string regularizer, string device)
    {
        var placement = new DevicePlacement(torch.device(device));
        using var cell = new PlacedCell(Cell(regularizer), placement);

        var tensors = cell.Tensors().ToList();

        Assert.Contains(tensors, t => t.Name.StartsWith("buffer ", StringComparison.Ordinal));
        Assert.Contains(tensors, t => t.Name.StartsWith("adam ", StringComparison.Ordinal));
        Assert.All(tensors, t => Assert.True(placement.Holds(t.Tensor), $"{t.Name} is on {t.Tensor.device}, not {device}"));
        Assert.All(cell.Built.Layers, l => Assert.False(l.Weight.IsInvalid, $"{l.Name}: the weight the layer recorded was replaced by the move"));
    }

    [Fact]
    public void Regularizers_with_layer_state_leave_some_on_the_device_so_the_placement_test_checks_state()
    {
        using var cell = new PlacedCell(Cell("\"spectral-scaling\""), new DevicePlacement(torch.device("meta")));

        Assert.Contains(cell.Tensors(), t => t.Name.StartsWith("state ", StringComparison.Ordinal) && t.Tensor.device_type == DeviceType.META);
    }

    [Fact]
    public void The_cpu_placement_keeps_every_tensor_of_a_cpu_built_model_in_place()
    {
        TorchRuntime.EnsureLoaded();
        using var module = nn.Linear(3, 2);
        var weight = module.weight!;

        DevicePlacement.Cpu.Module(module);

        Assert.Same(weight, module.weight);
        using var batch = ones(4, 3);
        Assert.Same(batch, DevicePlacement.Cpu.Batch(batch));
    }

    [Fact]
    public void A_batch_is_copied_to_a_non_cpu_device()
    {
        TorchRuntime.EnsureLoaded();
        using var batch = ones(4, 3);

        using var placed = new DevicePlacement(torch.device("meta")).Batch(batch);

        Assert.Equal(DeviceType.META, placed.device_type);
        Assert.Equal(batch.shape, placed.shape);
    }

    [Fact]
    public void A_checkpoint_written_on_the_cpu_restores_model_optimizer_and_layer_state_onto_another_device()
    {
        var spec = Cell("\"spectral-scaling\"");
        using (var written = new PlacedCell(spec, DevicePlacement.Cpu))
            new CheckpointStore(folder.Path, spec.CellId).Write(1, spec.CanonicalJson, written.Built.Model, written.Trainer, written.Built.Layers);
        var meta = new DevicePlacement(torch.device("meta"));
        using var restored = new PlacedCell(spec, meta, attach: false);

        new CheckpointStore(folder.Path, spec.CellId).Read(1, restored.Built.Model, restored.Trainer, restored.Built.Layers);

        Assert.Contains(restored.Tensors(), t => t.Name.StartsWith("state ", StringComparison.Ordinal));
        Assert.All(restored.Tensors(), t => Assert.True(meta.Holds(t.Tensor), $"{t.Name} is on {t.Tensor.device} after the restore"));
    }

    [Fact]
    public void A_checkpoint_loads_into_a_model_built_on_the_cpu_with_the_values_written()
    {
        var spec = Cell("\"spectral-scaling\"");
        Dictionary<string, float[]> before;
        using (var written = new PlacedCell(spec, DevicePlacement.Cpu))
        {
            written.Trainer.RunEpoch(1, CancellationToken.None);
            new CheckpointStore(folder.Path, spec.CellId).Write(1, spec.CanonicalJson, written.Built.Model, written.Trainer, written.Built.Layers);
            before = written.Tensors().Where(t => t.Tensor.is_floating_point()).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => Values(g.First().Tensor));
        }
        using var loaded = new PlacedCell(spec, DevicePlacement.Cpu, attach: false);

        CheckpointStore.ReadModel(new CheckpointStore(folder.Path, spec.CellId).PathOf(1), loaded.Built.Model, loaded.Built.Layers);

        var after = loaded.Tensors().Where(t => t.Tensor.is_floating_point() && !t.Name.StartsWith("adam", StringComparison.Ordinal))
            .GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First().Tensor);
        Assert.Contains(after.Keys, name => name.StartsWith("state ", StringComparison.Ordinal));
        Assert.All(after, t =>
        {
            Assert.Equal(DeviceType.CPU, t.Value.device_type);
            Assert.Equal(before[t.Key], Values(t.Value));
        });
    }

    [Fact]
    public void Layer_state_on_another_device_than_the_weight_is_moved_to_the_weight()
    {
        TorchRuntime.EnsureLoaded();
        using var module = nn.Linear(3, 2);
        module.to(torch.device("meta"));
        var layer = new RegularizedLayer("fc", module.weight!, LayerKind.Linear);
        layer.State.Set("u", ones(2));

        DevicePlacement.StateOntoWeights([layer]);

        Assert.Equal(DeviceType.META, layer.State.Get("u")!.device_type);
        layer.State.Dispose();
    }

    private static float[] Values(Tensor tensor) => tensor.detach().to_type(ScalarType.Float32).flatten().data<float>().ToArray();

    public void Dispose() => folder.Dispose();
}
