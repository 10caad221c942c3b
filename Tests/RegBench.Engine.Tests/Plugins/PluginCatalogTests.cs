using RegBench.Abstractions;
using RegBench.Engine.Plugins;

namespace RegBench.Engine.Tests.Plugins;

public sealed class PluginCatalogTests : IDisposable
{
    private readonly TempDirectory folder = new();

    private static string BuiltIn(string assembly) => Path.Combine(PluginCatalog.BuiltInDirectory, assembly);

    private string CopyPlugin(string assembly, string into)
    {
        var target = Directory.CreateDirectory(Path.Combine(folder.Path, into, assembly)).FullName;
        foreach (var file in Directory.GetFiles(BuiltIn(assembly))) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    [Fact]
    public void Built_in_plugins_of_every_kind_are_found_through_their_manifests()
    {
        var catalog = BuiltInPlugins.Catalog;
        Assert.Contains("none", catalog.Names(PluginKind.Regularizer));
        Assert.Contains("mlp", catalog.Names(PluginKind.Architecture));
        Assert.Equal(["fashion-mnist", "mnist", "synthetic"], catalog.Names(PluginKind.Dataset).Intersect(["fashion-mnist", "mnist", "synthetic"]).Order());
    }

    [Fact]
    public void Plugins_share_the_host_contract_types()
    {
        var regularizer = BuiltInPlugins.Catalog.Find(PluginKind.Regularizer, "none")!.Create(default);
        Assert.IsAssignableFrom<IRegularizer>(regularizer);
    }

    [Theory]
    [InlineData(PluginKind.Regularizer, "spectral-scaling", typeof(Layers.LayerSpectralState))]
    [InlineData(PluginKind.Regularizer, "sn-regularization", typeof(Layers.LayerSpectralState))]
    [InlineData(PluginKind.Dataset, "cifar10", typeof(Datasets.Images.DatasetFolder))]
    [InlineData(PluginKind.Dataset, "stl10", typeof(Datasets.Images.DatasetFolder))]
    public void Plugins_use_the_hosts_copy_of_the_shared_framework_libraries(PluginKind kind, string name, Type shared)
    {
        var plugin = BuiltInPlugins.Catalog.Find(kind, name)!.Create(default)!;
        var referenced = plugin.GetType().Assembly.GetReferencedAssemblies().Single(a => a.Name == shared.Assembly.GetName().Name);
        var loaded = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(plugin.GetType().Assembly)!.LoadFromAssemblyName(referenced);
        Assert.Same(shared.Assembly, loaded);
    }

    [Fact]
    public void Two_plugins_with_one_name_is_an_error_naming_both_assemblies()
    {
        var first = CopyPlugin("RegBench.Regularizers.None", "a");
        var second = CopyPlugin("RegBench.Regularizers.None", "b");
        var error = Assert.Throws<PluginLoadException>(() => PluginCatalog.Load([Path.GetDirectoryName(first)!, Path.GetDirectoryName(second)!]));
        Assert.Contains(first, error.Message);
        Assert.Contains(second, error.Message);
    }

    [Fact]
    public void A_plugin_folder_carrying_its_own_TorchSharp_is_refused_with_the_csproj_fix()
    {
        var plugin = CopyPlugin("RegBench.Regularizers.None", "p");
        File.WriteAllText(Path.Combine(plugin, "TorchSharp.dll"), "");
        var error = Assert.Throws<PluginLoadException>(() => PluginCatalog.Load([plugin]));
        Assert.Contains("ExcludeAssets=\"runtime;native\"", error.Message);
    }

    [Fact]
    public void An_assembly_without_a_manifest_is_refused()
    {
        var plugin = Directory.CreateDirectory(folder.File("nomanifest")).FullName;
        File.Copy(typeof(RegBench.Results.CellRecord).Assembly.Location, Path.Combine(plugin, "RegBench.Results.dll"));
        var buildOutput = Path.GetDirectoryName(typeof(RegBench.Results.CellRecord).Assembly.Location)!;
        File.Copy(Path.Combine(buildOutput, "RegBench.Engine.Tests.deps.json"), Path.Combine(plugin, "RegBench.Results.deps.json"));
        var error = Assert.Throws<PluginLoadException>(() => PluginCatalog.Load([plugin]));
        Assert.Contains("no RegBench plugin manifest", error.Message);
    }

    [Fact]
    public void A_malformed_deps_file_is_refused_instead_of_crashing_the_host()
    {
        var plugin = CopyPlugin("RegBench.Regularizers.None", "broken");
        File.WriteAllText(Path.Combine(plugin, "RegBench.Regularizers.None.deps.json"), "{}");
        var error = Assert.Throws<PluginLoadException>(() => PluginCatalog.Load([plugin]));
        Assert.Contains("deps.json", error.Message);
    }

    [Fact]
    public void A_plugin_dll_dropped_in_without_its_deps_file_is_loaded()
    {
        var plugin = Directory.CreateDirectory(folder.File("dropped")).FullName;
        File.Copy(Path.Combine(BuiltIn("RegBench.Regularizers.None"), "RegBench.Regularizers.None.dll"), Path.Combine(plugin, "RegBench.Regularizers.None.dll"));
        var catalog = PluginCatalog.Load([plugin]);
        Assert.Equal(["none"], catalog.Names(PluginKind.Regularizer));
    }

    [Fact]
    public void A_plugin_directory_without_any_plugin_assembly_is_an_error_saying_what_was_looked_for()
    {
        var empty = Directory.CreateDirectory(folder.File("empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "readme.txt"), "not a plugin");
        var error = Assert.Throws<PluginLoadException>(() => PluginCatalog.Load([empty]));
        Assert.Contains($"Plugin directory '{empty}' holds no plugin assembly", error.Message);
    }

    [Fact]
    public void A_missing_plugin_directory_is_an_error_naming_it()
    {
        var missing = folder.File("absent");
        Assert.Contains(missing, Assert.Throws<PluginLoadException>(() => PluginCatalog.Load([missing])).Message);
    }

    public void Dispose() => folder.Dispose();
}
