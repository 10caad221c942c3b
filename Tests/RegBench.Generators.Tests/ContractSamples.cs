namespace RegBench.Generators.Tests;

/// <summary>Plugin and test-project sources for the contract-test generator.</summary>
internal static class ContractSamples
{
    /// <summary>One plugin of each kind with every invariant, and a dataset that needs files.</summary>
    public const string Plugins = """
        using System.Collections.Generic;
        using RegBench.Abstractions;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Sample.Plugins;

        [Regularizer("sample-scaling")]
        [Invariant.SpectralNormAtMost(2.5, RelativeTolerance = 0.01)]
        [Invariant.ProjectionIsIdempotent]
        [Invariant.FrobeniusNormPreserved(RelativeTolerance = 1e-4)]
        public sealed class SampleScaling : IWeightProjection
        {
            public void AfterStep(IReadOnlyList<RegularizedLayer> layers) { }
        }

        [Architecture("tiny-net")]
        public sealed class TinyNet : IArchitecture
        {
            public nn.Module<Tensor, Tensor> Build(ModelContext context) => context.Layers.Linear("out", context.Data.Features, context.Data.Classes);
        }

        [Dataset("generated-data")]
        [Invariant.LoadsWithoutFiles]
        public sealed class GeneratedData : IDataset
        {
            public DataShape Shape => new(1, 2, 2, 2);
            public DatasetSplits Load(DatasetLoadContext context) => throw new System.NotImplementedException();
        }

        [Dataset("file-data")]
        public sealed class FileData : IDataset
        {
            public DataShape Shape => new(1, 2, 2, 2);
            public DatasetSplits Load(DatasetLoadContext context) => throw new System.NotImplementedException();
        }
        """;

    /// <summary>A test project that opts in, with its own FsCheck settings and options for the architecture.</summary>
    public const string TestProject = """
        using RegBench.Abstractions;
        using RegBench.Testing;

        [assembly: GeneratePluginContractTests(MaxTest = 2, Seed = 42)]
        [assembly: PluginContractOptions(PluginKind.Architecture, "tiny-net", "{ \"width\": 3 }")]
        """;
}
