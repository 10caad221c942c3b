using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RegBench.Generators;

namespace RegBench.Cli.Tests;

/// <summary>Compiles plugin sources with Roslyn into a plugin folder the real host loads through --plugins.</summary>
public static class PluginCompiler
{
    /// <summary>The assemblies of this test process (framework, Abstractions, TorchSharp), as references.</summary>
    public static IEnumerable<MetadataReference> Framework() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.Length > 0).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));

    /// <summary>Compiles <paramref name="source"/> into PARENT/NAME/NAME.dll, running the manifest generator when asked, as a plugin build would.</summary>
    public static string Build(string parent, string name, string source, bool generateManifest, IEnumerable<MetadataReference> references)
    {
        Compilation compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        if (generateManifest)
            CSharpGeneratorDriver.Create(new PluginManifestGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out compilation, out _);
        var directory = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        var emitted = compilation.Emit(Path.Combine(directory, name + ".dll"));
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        return directory;
    }
}
