using System.Reflection;
using System.Text.Json;
using RegBench.Abstractions;

namespace RegBench.Generators.Tests;

/// <summary>The generated binder and factory, compiled in memory and run: defaults, strictness, types, ranges, Validate.</summary>
public sealed class BinderTests
{
    private static readonly Lazy<Assembly> Sample = new(() => GeneratorHarness.Emit(Samples.Regularizers));

    private static IPluginManifest Manifest() =>
        (IPluginManifest)Activator.CreateInstance(Sample.Value.GetCustomAttribute<PluginManifestAttribute>()!.ManifestType)!;

    private static PluginDescriptor Plugin(string name) => Manifest().Plugins.Single(p => p.Name == name);

    private static object Options(string plugin, string json) => Plugin(plugin).Bind(JsonDocument.Parse(json).RootElement).Value!;

    private static object? Get(object options, string property) => options.GetType().GetProperty(property)!.GetValue(options);

    private static PluginOptionsException Fails(string plugin, string json) =>
        Assert.Throws<PluginOptionsException>(() => Plugin(plugin).Bind(JsonDocument.Parse(json).RootElement));

    [Fact]
    public void Manifest_lists_every_plugin_with_kind_description_and_generated_code_attribute()
    {
        var manifest = Manifest();
        Assert.Equal(["sample-none", "sample-positional", "sample-scaling"], manifest.Plugins.Select(p => p.Name));
        Assert.All(manifest.Plugins, p => Assert.Equal(PluginKind.Regularizer, p.Kind));
        Assert.Equal("A sample with \"every\" option type.", Plugin("sample-scaling").Description);
        Assert.NotNull(manifest.GetType().GetCustomAttribute<System.CodeDom.Compiler.GeneratedCodeAttribute>());
    }

    [Fact]
    public void Empty_object_and_undefined_bind_the_records_defaults()
    {
        foreach (var options in new[] { Options("sample-scaling", "{}"), Options("sample-scaling", "null") })
        {
            Assert.Equal(500, Get(options, "MaxIterations"));
            Assert.Equal(42L, Get(options, "Seed"));
            Assert.Equal(0.5, Get(options, "Lower"));
            Assert.Null(Get(options, "Target"));
            Assert.Equal(true, Get(options, "WarmStart"));
            Assert.Equal("LinearWarmup", Get(options, "Schedule")!.ToString());
            Assert.Equal(["first", "last"], (IEnumerable<string>)Get(options, "Exclude")!);
        }
        var created = Plugin("sample-scaling").CreateFrom(default);
        Assert.Equal(500, Get(created.GetType().GetProperty("Options")!.GetValue(created)!, "MaxIterations"));
    }

    [Fact]
    public void Options_list_json_defaults_types_and_descriptions()
    {
        var options = Plugin("sample-scaling").Options.ToDictionary(o => o.Name);
        Assert.Equal(new PluginOption("maxIterations", "integer", "500", "Iterations of the power method."), options["maxIterations"]);
        Assert.Equal("0.5", options["lower"].Default);
        Assert.Equal("null", options["target"].Default);
        Assert.Equal("true", options["warmStart"].Default);
        Assert.Equal("\"fast\"", options["mode"].Default);
        Assert.Equal("\"linear-warmup\"", options["schedule"].Default);
        Assert.Equal("[\"first\",\"last\"]", options["exclude"].Default);
        Assert.Equal("array", options["exclude"].Type);
        Assert.Equal("[]", options["sizes"].Default);
        Assert.Empty(Plugin("sample-none").Options);
        Assert.Equal(new PluginOption("target", "number", "null", "Target norm."), Plugin("sample-positional").Options[0]);
    }

    [Fact]
    public void Every_supported_type_binds()
    {
        var options = Options("sample-scaling", """
            {"maxIterations": 7, "seed": 9000000000, "lower": 1, "upper": 3.5, "target": 2.25, "warmStart": false, "mode": "slow",
             "label": null, "schedule": "http-step", "fallback": "constant", "exclude": ["fc1", "out"], "sizes": [1, 2]}
            """);
        Assert.Equal(7, Get(options, "MaxIterations"));
        Assert.Equal(9000000000L, Get(options, "Seed"));
        Assert.Equal(1.0, Get(options, "Lower"));
        Assert.Equal(3.5, Get(options, "Upper"));
        Assert.Equal(2.25, Get(options, "Target"));
        Assert.Equal(false, Get(options, "WarmStart"));
        Assert.Equal("slow", Get(options, "Mode"));
        Assert.Null(Get(options, "Label"));
        Assert.Equal("HTTPStep", Get(options, "Schedule")!.ToString());
        Assert.Equal("Constant", Get(options, "Fallback")!.ToString());
        Assert.Equal(["fc1", "out"], (IEnumerable<string>)Get(options, "Exclude")!);
        Assert.Equal([1, 2], (int[])Get(options, "Sizes")!);
    }

    [Fact]
    public void Positional_record_binds_and_keeps_its_parameter_defaults()
    {
        var options = Options("sample-positional", """{"target": 1.5}""");
        Assert.Equal(1.5, Get(options, "Target"));
        Assert.Equal(3, Get(options, "Steps"));
    }

    [Fact]
    public void Unknown_option_names_it_and_lists_the_known_ones()
    {
        var error = Fails("sample-scaling", """{"maxIteration": 3}""");
        Assert.Equal("sample-scaling", error.PluginName);
        Assert.Equal("maxIteration", error.PropertyPath);
        Assert.Contains("unknown option. Known options: maxIterations (integer), seed (integer)", error.Message);

        var none = Fails("sample-none", """{"lambda": 1}""");
        Assert.Equal("lambda", none.PropertyPath);
        Assert.Contains("this plugin has no options", none.Message);
    }

    [Theory]
    [InlineData("""{"maxIterations": "3"}""", "maxIterations", "expected integer (32-bit), found string \"3\"")]
    [InlineData("""{"maxIterations": 1.5}""", "maxIterations", "expected integer (32-bit), found number 1.5")]
    [InlineData("""{"maxIterations": null}""", "maxIterations", "expected integer (32-bit), found null")]
    [InlineData("""{"lower": true}""", "lower", "expected number, found boolean true")]
    [InlineData("""{"warmStart": 1}""", "warmStart", "expected boolean, found number 1")]
    [InlineData("""{"mode": null}""", "mode", "expected string, found null")]
    [InlineData("""{"schedule": 1}""", "schedule", "expected one of constant, linear-warmup, http-step, found number 1")]
    [InlineData("""{"exclude": "fc1"}""", "exclude", "expected array, found string \"fc1\"")]
    [InlineData("""{"exclude": ["fc1", 2]}""", "exclude[1]", "expected string, found number 2")]
    public void Wrong_type_names_the_property_path_and_expected_type(string json, string path, string message)
    {
        var error = Fails("sample-scaling", json);
        Assert.Equal(path, error.PropertyPath);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Enum_values_are_kebab_case_and_other_spellings_are_refused()
    {
        Assert.Equal("LinearWarmup", Get(Options("sample-scaling", """{"schedule": "linear-warmup"}"""), "Schedule")!.ToString());
        var error = Fails("sample-scaling", """{"schedule": "LinearWarmup"}""");
        Assert.Equal("schedule", error.PropertyPath);
        Assert.Contains("unknown value 'LinearWarmup'; expected one of constant, linear-warmup, http-step.", error.Message);
    }

    [Theory]
    [InlineData("""{"maxIterations": 0}""", "maxIterations", "must be ≥ 1, found 0.")]
    [InlineData("""{"lower": 0}""", "lower", "must be > 0, found 0.")]
    [InlineData("""{"upper": 100.5}""", "upper", "must be ≤ 100, found 100.5.")]
    [InlineData("""{"target": -1}""", "target", "must be ≥ 0, found -1.")]
    [InlineData("""{"lower": 3, "upper": 2}""", "lower", "must be ≤ upper (2), found 3.")]
    public void Ranges_and_the_Validate_hook_name_the_option(string json, string path, string message)
    {
        var error = Fails("sample-scaling", json);
        Assert.Equal(path, error.PropertyPath);
        Assert.EndsWith(message, error.Message);
    }

    [Fact]
    public void Options_must_be_an_object()
    {
        var error = Fails("sample-scaling", "[1]");
        Assert.Equal("$", error.PropertyPath);
        Assert.Contains("expected an object of options, found Array", error.Message);
    }

    [Fact]
    public void Schema_is_valid_json_with_types_ranges_enums_and_defaults()
    {
        var provider = Assert.IsAssignableFrom<IPluginOptionsSchemaProvider>(Manifest());
        Assert.Null(provider.GetOptionsSchema(PluginKind.Dataset, "sample-scaling"));
        using var schema = JsonDocument.Parse(provider.GetOptionsSchema(PluginKind.Regularizer, "sample-scaling")!);
        var root = schema.RootElement;
        Assert.Equal("object", root.GetProperty("type").GetString());
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        var properties = root.GetProperty("properties");
        Assert.Equal(12, properties.EnumerateObject().Count());
        Assert.Equal(1, properties.GetProperty("maxIterations").GetProperty("minimum").GetInt32());
        Assert.Equal(500, properties.GetProperty("maxIterations").GetProperty("default").GetInt32());
        Assert.Equal(0, properties.GetProperty("lower").GetProperty("exclusiveMinimum").GetInt32());
        Assert.Equal("""["number","null"]""", properties.GetProperty("target").GetProperty("type").GetRawText());
        Assert.Equal("""["constant","linear-warmup","http-step"]""", properties.GetProperty("schedule").GetProperty("enum").GetRawText());
        Assert.Equal("""{"type":"string"}""", properties.GetProperty("exclude").GetProperty("items").GetRawText());
        using var none = JsonDocument.Parse(provider.GetOptionsSchema(PluginKind.Regularizer, "sample-none")!);
        Assert.Empty(none.RootElement.GetProperty("properties").EnumerateObject());
    }
}
