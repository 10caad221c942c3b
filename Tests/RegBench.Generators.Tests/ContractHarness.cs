using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RegBench.Abstractions;
using RegBench.Testing;

namespace RegBench.Generators.Tests;

/// <summary>
/// Drives <see cref="ContractTestGenerator"/>: plugin assemblies are compiled in memory (their manifest generated, unless a test
/// wants it missing) and referenced from a test compilation that opts in, against the real RegBench.Testing, FsCheck and xunit.
/// The built-in plugins this test project references are left out, so only the sample plugins are seen.
/// </summary>
internal static class ContractHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.Length > 0 && !IsBuiltInPlugin(Path.GetFileName(p)))
            .Append(typeof(IPluginManifest).Assembly.Location)
            .Append(typeof(TorchSharp.torch).Assembly.Location)
            .Append(typeof(GeneratePluginContractTestsAttribute).Assembly.Location)
            .Append(typeof(FsCheck.Property).Assembly.Location)
            .Append(typeof(FsCheck.Xunit.PropertyAttribute).Assembly.Location)
            .Append(typeof(FactAttribute).Assembly.Location)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    /// <summary>Compiles <paramref name="source"/> as assembly <paramref name="name"/> (manifest generated when asked) and returns its image.</summary>
    public static MetadataReference PluginAssembly(string name, string source, bool generateManifest = true)
    {
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: $"{name}.cs")],
            References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Compilation output = compilation;
        if (generateManifest) output = GeneratorHarness.Run(compilation).Output;
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    /// <summary>A test compilation of <paramref name="sources"/> referencing <paramref name="plugins"/>.</summary>
    public static CSharpCompilation TestCompilation(IEnumerable<MetadataReference> plugins, params string[] sources) =>
        CSharpCompilation.Create("Sample.Contracts.Tests",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, GeneratorHarness.ParseOptions, path: $"Test{i}.cs")),
            References.Value.AddRange(plugins),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A driver of the contract generator alone.</summary>
    public static GeneratorDriver Driver(bool track = false) =>
        CSharpGeneratorDriver.Create(
            [new ContractTestGenerator().AsSourceGenerator()],
            parseOptions: GeneratorHarness.ParseOptions,
            optionsProvider: GeneratorHarness.Options("Sample.Contracts.Tests"),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>Runs the contract generator; returns the updated compilation, its diagnostics and the run.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorDriverRunResult Run) Run(Compilation compilation)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (output, diagnostics, driver.GetRunResult());
    }

    private static bool IsBuiltInPlugin(string file) =>
        file.StartsWith("RegBench.Regularizers.", StringComparison.Ordinal) || file.StartsWith("RegBench.Datasets.", StringComparison.Ordinal) ||
        file.StartsWith("RegBench.Architectures.", StringComparison.Ordinal);
}
