using RegBench.Abstractions;
using RegBench.Testing;

// Every plugin class of the referenced plugin projects gets generated contract tests (docs/generators.md): three FsCheck
// cases per property from a fixed replay seed, so CI runs the same cases every time.
[assembly: GeneratePluginContractTests(MaxTest = 3)]

// Tiny models and data: the contracts are about behaviour, not size.
[assembly: PluginContractOptions(PluginKind.Architecture, "mlp", """{ "depth": 2, "width": 16 }""")]
[assembly: PluginContractOptions(PluginKind.Architecture, "resnet", """{ "width": 4 }""")]
[assembly: PluginContractOptions(PluginKind.Architecture, "vgg", """{ "depth": 11, "width": 4 }""")]
[assembly: PluginContractOptions(PluginKind.Architecture, "densenet", """{ "depth": 10, "growthRate": 4 }""")]
[assembly: PluginContractOptions(PluginKind.Dataset, "synthetic", """{ "trainSize": 64, "testSize": 16 }""")]
