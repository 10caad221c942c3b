using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using RegBench.Experiments;
using RegBench.Generators.Experiments;

namespace RegBench.Generators.Tests;

/// <summary>experiments.json is validated at compile time against the referenced plugins and compiled into typed profiles.</summary>
public sealed class ExperimentMatrixTests
{
    // A referenced plugin assembly as the host sees it: [assembly: PluginManifest] and attributed classes in metadata; its
    // manifest carries what a generated one does for the cell ids (Kind, Name, Version, DefaultOptionsJson of "net" and
    // "synthetic"); "none" and "spectral-scaling" are not listed, as in a hand-written manifest.
    private const string PluginLibrary = """
        using System.Collections.Generic;
        using System.ComponentModel;
        using RegBench.Abstractions;

        [assembly: PluginManifest(typeof(Sample.Lib.Manifest))]
        namespace Sample.Lib;

        public sealed class Manifest : IPluginManifest
        {
            public IReadOnlyList<PluginDescriptor> Plugins => [];
            public static class NetPlugin
            {
                public const string Kind = "architecture", Name = "net", DefaultOptionsJson = "{\"dropout\":null,\"exclude\":[],\"stem\":\"cifar\",\"width\":8}";
                public const int Version = 2;
            }
            public static class DataPlugin { public const string Kind = "dataset", Name = "synthetic", DefaultOptionsJson = "{}"; public const int Version = 1; }
        }
        public enum Stem { Cifar, ImageNet }
        public sealed record NetOptions
        {
            [OptionRange(Minimum = 1)] public int Width { get; init; } = 8;
            public Stem Stem { get; init; }
            public double? Dropout { get; init; }
            public IReadOnlyList<string> Exclude { get; init; } = [];
        }
        public sealed record NoOptions;
        [Architecture("net")] public sealed class Net(NetOptions options) { public NetOptions Options { get; } = options; }
        [Regularizer("none")] public sealed class Plain { }
        [Regularizer("spectral-scaling")] public sealed class Scaling { }
        [Dataset("synthetic")] public sealed class Data(NoOptions options) { public NoOptions Options { get; } = options; }
        """;

    private const string Valid = """
        {
          // the file the host is built with
          "defaults": { "epochs": 2, "seeds": [0, 1], "optimizer": { "name": "sgd", "lr": 0.1 } },
          "profiles": {
            "quick": {
              "datasets": ["synthetic"],
              "architectures": [{ "name": "net", "width": 4, "stem": "image-net" }],
              "regularizers": ["none", "spectral-scaling"]
            },
            "hess-hutchison-100": { "datasets": ["synthetic"], "architectures": ["net"], "regularizers": ["none"], "batchSizes": [32, 64] }
          }
        }
        """;

    private static readonly Lazy<MetadataReference> Library = new(() =>
    {
        using var stream = new MemoryStream();
        var emitted = GeneratorHarness.Compile(PluginLibrary).WithAssemblyName("Sample.Lib").Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    });

    // The test process also loads the real none/synthetic plugins; the host here sees only the sample library.
    private static CSharpCompilation Host(params string[] sources)
    {
        var compilation = GeneratorHarness.Compile(sources.Length == 0 ? ["namespace Sample.Host; public static class Program { }"] : sources);
        return compilation.WithAssemblyName("Sample.Host")
            .RemoveReferences(compilation.References.Where(r => Path.GetFileName(r.Display ?? "").StartsWith("RegBench.Regularizers.", StringComparison.Ordinal) ||
                                                                Path.GetFileName(r.Display ?? "").StartsWith("RegBench.Datasets.", StringComparison.Ordinal)))
            .AddReferences(Library.Value);
    }

    private static GeneratorDriver Driver(string? json, bool track = false) =>
        CSharpGeneratorDriver.Create(
            [new ExperimentMatrixGenerator().AsSourceGenerator()],
            json is null ? [] : [new InMemoryText("/repo/experiments.json", json)],
            GeneratorHarness.ParseOptions,
            GeneratorHarness.Options("Sample.Host"),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    private static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(string? json)
    {
        Driver(json).RunGeneratorsAndUpdateCompilation(Host(), out var output, out var diagnostics);
        return (output, diagnostics);
    }

    [Fact]
    public void A_valid_file_compiles_into_typed_profiles_with_every_cell_and_its_id()
    {
        var (output, diagnostics) = Run(Valid);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        GeneratorHarness.Verify("BuiltInExperiments.g.cs", output.SyntaxTrees.Last().ToString());
    }

    [Theory]
    [InlineData("""{ "profiles": { "p": { "datasets": ["synthetic"], "architectures": ["net"], "regularizers": [{|RB1001:"nnoe"|}] } } }""",
        "unknown regularizer 'nnoe' (did you mean 'none'?). Known: none, spectral-scaling.")]
    [InlineData("""{ "profiles": { "p": { "datasets": ["synthetic"], "regularizers": ["none"], "architectures": [{ "name": "net", "widht": {|RB1002:3|} }] } } }""",
        "net: option 'widht': unknown option. Known options: width (integer), stem (string), dropout (number), exclude (array).")]
    [InlineData("""{ "profiles": { "p": { "datasets": ["synthetic"], "regularizers": ["none"], "architectures": [{ "name": "net", "width": {|RB1002:"8"|} }] } } }""",
        "net: option 'width': wrong type; expected integer (32-bit), found string \"8\".")]
    [InlineData("""{ "profiles": { "p": { "datasets": ["synthetic"], "regularizers": ["none"], "architectures": [{ "name": "net", "width": {|RB1002:0|} }] } } }""",
        "net: option 'width': must be ≥ 1, found 0.")]
    [InlineData("""{ "profiles": { "p": { "datasets": ["synthetic"], "regularizers": ["none"], "architectures": [{ "name": "net", "stem": {|RB1002:"vgg"|} }] } } }""",
        "net: option 'stem': unknown value 'vgg'; expected one of cifar, image-net.")]
    [InlineData("""{ "profiles": { "p": { "datasets": ["synthetic"], "regularizers": ["none"], "architectures": [{ "name": "net", "exclude": ["a", {|RB1002:2|}] }] } } }""",
        "net: option 'exclude[1]': wrong type; expected string, found number 2.")]
    [InlineData("""{ "profiles": { "p": { "datasets": {|RB1004:[|}], "architectures": ["net"], "regularizers": ["none"] } } }""",
        "profile 'p' has no datasets; list at least one (known: synthetic).")]
    [InlineData("""{ "profiles": { "p": { "datasets": ["synthetic"], "architectures": ["net"], "regularizers": ["none"], "epochs": {|RB1005:0|} } } }""",
        "'epochs' must be ≥ 1, found 0.")]
    [InlineData("""{ "profiles": { "p": { "datasets": ["synthetic"], "architectures": ["net"], "regularizers": ["none"], "optimizer": { "lr": {|RB1005:-1|} } } } }""",
        "'lr' must be > 0, found -1.")]
    [InlineData("""{ "profiles": { "p": { "datasets": ["synthetic"], "architectures": ["net"], "regularizers": ["none"], "sedes": {|RB1006:[|}1] } } }""",
        "unknown property 'sedes' (did you mean 'seeds'?). Allowed here: datasets, architectures, regularizers, seeds, batchSize, batchSizes, epochs, optimizer, schedule, init, gapThreshold, gapThresholdByBatchSize, spectrumEvery.")]
    [InlineData("""{ "profiles": { "p": { "datasets": ["synthetic"], "architectures": ["net"], "regularizers": ["none"], "epochs": {|RB1007:"3"|} } } }""",
        "'epochs' must be an integer, found the string \"3\".")]
    [InlineData("{ \"profiles\": { \"p\": {}, {|RB1003:\"p\"|}: {} } }", "profile 'p' is defined twice; rename one.")]
    [InlineData("{ \"profiles\": { \"p\": { \"datasets\": [\"synthetic\"], \"regularizers\": [\"none\"],\n \"architectures\": [\"net\", {|RB1003:{|} \"name\": \"net\", \"width\": 8 }] } } }",
        "this architecture is the one at line 2 once its defaults are filled (cells hash the bound options); keep one.")]
    [InlineData("{ \"profiles\": {{|RB1000:]|} }", "invalid JSON: unexpected ']'; expected a property name in double quotes or '}'.")]
    public void Each_mistake_is_an_error_at_its_place_in_experiments_json(string markup, string message)
    {
        var (json, expected) = GeneratorHarness.ParseMarkup(markup);
        var (_, diagnostics) = Run(json);
        var (id, span) = expected.Single();
        var first = diagnostics.Where(d => d.Id == id).OrderBy(d => d.Location.SourceSpan.Start).First();
        Assert.Equal(span, first.Location.GetLineSpan().Span);
        Assert.Equal(message, first.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("/repo/experiments.json", first.Location.GetLineSpan().Path);
        Assert.Equal(DiagnosticSeverity.Error, first.Severity);
    }

    [Fact]
    public void Options_left_to_their_defaults_and_the_defaults_written_out_compile_to_one_cell_id()
    {
        const string File = """{ "profiles": { "p": { "datasets": ["synthetic"], "regularizers": ["none"], "architectures": [ARCH] } } }""";
        var implicitDefaults = CellIds(File.Replace("ARCH", "\"net\""));
        var writtenDefaults = CellIds(File.Replace("ARCH", """{ "name": "net", "width": 8, "stem": "cifar", "exclude": [], "dropout": null }"""));
        var otherWidth = CellIds(File.Replace("ARCH", """{ "name": "net", "width": 9 }"""));

        Assert.Single(implicitDefaults);
        Assert.Equal(implicitDefaults, writtenDefaults);
        Assert.NotEqual(implicitDefaults, otherWidth);
    }

    [Fact]
    public void The_compiled_cell_json_holds_every_default_and_the_plugin_version_from_the_referenced_manifest()
    {
        var (output, _) = Run("""{ "profiles": { "p": { "datasets": ["synthetic"], "regularizers": ["none"], "architectures": [{ "name": "net", "width": 3 }] } } }""");
        Assert.Contains("""{\"name\":\"net\",\"options\":{\"dropout\":null,\"exclude\":[],\"stem\":\"cifar\",\"width\":3},\"version\":2}""",
            output.SyntaxTrees.Last().ToString());
    }

    private static List<string> CellIds(string json)
    {
        var (output, diagnostics) = Run(json);
        Assert.Empty(diagnostics);
        return System.Text.RegularExpressions.Regex.Matches(output.SyntaxTrees.Last().ToString(), "new BuiltInCell\\(\"([0-9a-f]{16})\"")
            .Select(m => m.Groups[1].Value).ToList();
    }

    [Fact]
    public void An_invalid_file_still_emits_the_class_without_profiles()
    {
        var (output, diagnostics) = Run("""{ "profiles": { "p": { "datasets": ["nope"], "architectures": ["net"], "regularizers": ["none"] } } }""");
        Assert.Equal("RB1001", Assert.Single(diagnostics).Id);
        var source = output.SyntaxTrees.Last().ToString();
        Assert.Contains("public const bool IsValid = false;", source);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Without_experiments_json_nothing_is_generated()
    {
        var (output, diagnostics) = Run(null);
        Assert.Empty(diagnostics);
        Assert.Single(output.SyntaxTrees);
    }

    [Fact]
    public void An_unrelated_source_edit_leaves_the_matrix_steps_cached()
    {
        var driver = Driver(Valid, track: true).RunGenerators(Host());
        var edited = Host("namespace Sample.Host; public static class Program { }", "namespace Other; public sealed class Helper { }");
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        foreach (var step in new[] { ExperimentMatrixGenerator.Steps.ExperimentFiles, ExperimentMatrixGenerator.Steps.ReferencedPlugins, ExperimentMatrixGenerator.Steps.MatrixInput })
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs),
                o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
    }

    [Fact]
    public void Diagnostic_ids_are_the_run_time_configuration_codes() =>
        Assert.Equal(
            [ConfigurationCodes.Syntax, ConfigurationCodes.UnknownPlugin, ConfigurationCodes.PluginOption, ConfigurationCodes.Duplicate,
             ConfigurationCodes.EmptyAxis, ConfigurationCodes.InvalidNumber, ConfigurationCodes.UnknownProperty, ConfigurationCodes.WrongType],
            ExperimentDiagnostics.All.Select(d => d.Id));

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
