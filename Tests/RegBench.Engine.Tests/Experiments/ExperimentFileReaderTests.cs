using System.Text;
using RegBench.Engine.Experiments;
using RegBench.Experiments;

namespace RegBench.Engine.Tests.Experiments;

public sealed class ExperimentFileReaderTests
{
    private static ExperimentFile Parse(string json) =>
        ExperimentFileReader.Parse(Encoding.UTF8.GetBytes(json), "experiments.json", BuiltInPlugins.Catalog);

    private static ConfigurationException Fails(string json) => Assert.Throws<ConfigurationException>(() => Parse(json));

    [Fact]
    public void Profiles_inherit_defaults_and_override_them()
    {
        var file = Parse("""
            { "defaults": { "epochs": 7, "seeds": [1, 2], "batchSize": 64, "optimizer": { "name": "sgd", "lr": 0.1 } },
              "profiles": { "p": { "datasets": ["synthetic"], "architectures": ["mlp"], "regularizers": ["none"], "epochs": 2 } } }
            """);
        var profile = file.Profile("p");
        Assert.Equal(2, profile.Epochs);
        Assert.Equal([1L, 2L], profile.Seeds);
        Assert.Equal([64], profile.BatchSizes);
        Assert.Equal(new OptimizerSettings("sgd", 0.1), profile.Optimizer);
    }

    [Fact]
    public void Unknown_regularizer_is_located_and_suggests_the_closest_name()
    {
        var error = Assert.Single(Fails("""
            { "profiles": { "p": {
                "datasets": ["synthetic"], "architectures": ["mlp"],
                "regularizers": ["nonee"] } } }
            """).Errors);
        Assert.Equal((ConfigurationCodes.UnknownPlugin, 3, 22), (error.Code, error.Line, error.Column));
        Assert.Contains("did you mean 'none'?", error.Message);
    }

    [Fact]
    public void Unknown_plugin_option_names_the_property_and_the_known_ones()
    {
        var error = Assert.Single(Fails("""
            { "profiles": { "p": { "datasets": ["synthetic"], "regularizers": ["none"],
                "architectures": [{ "name": "mlp", "widht": 3 }] } } }
            """).Errors);
        Assert.Equal((ConfigurationCodes.PluginOption, 2, 49), (error.Code, error.Line, error.Column));
        Assert.Contains("'widht'", error.Message);
        Assert.Contains("width (integer)", error.Message);
    }

    [Fact]
    public void Plugin_option_of_the_wrong_type_is_an_error()
    {
        var error = Assert.Single(Fails("""
            { "profiles": { "p": { "datasets": ["synthetic"], "regularizers": ["none"],
                "architectures": [{ "name": "mlp", "width": "wide" }] } } }
            """).Errors);
        Assert.Equal(ConfigurationCodes.PluginOption, error.Code);
        Assert.Contains("'width'", error.Message);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_at_once_in_file_order()
    {
        var errors = Fails("""
            { "profiles": { "p": { "datasets": [], "architectures": ["mlp"], "regularizers": ["none"],
                "epochs": 0, "optimizer": { "lr": -1 }, "sedes": [1] } } }
            """).Errors;
        Assert.Equal([ConfigurationCodes.EmptyAxis, ConfigurationCodes.InvalidNumber, ConfigurationCodes.InvalidNumber, ConfigurationCodes.UnknownProperty],
            errors.Select(e => e.Code));
        Assert.Contains("did you mean 'seeds'?", errors[^1].Message);
    }

    [Fact]
    public void A_profile_defined_twice_is_an_error_at_the_second_definition()
    {
        var errors = Fails("""
            { "profiles": {
                "p": { "datasets": ["synthetic"], "architectures": ["mlp"], "regularizers": ["none"] },
                "p": { "datasets": ["synthetic"], "architectures": ["mlp"], "regularizers": ["none"] } } }
            """).Errors;
        var error = Assert.Single(errors);
        Assert.Equal((ConfigurationCodes.Duplicate, 3, 5), (error.Code, error.Line, error.Column));
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_position()
    {
        var error = Assert.Single(Fails("{ \"profiles\": { \"p\": [1, 2 } }").Errors);
        Assert.Equal(ConfigurationCodes.Syntax, error.Code);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.json");
        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => ExperimentFileReader.Read(path, BuiltInPlugins.Catalog)).Errors);
        Assert.Equal(path, error.File);
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void Asking_for_an_unknown_profile_lists_the_known_ones()
    {
        var file = Parse("""{ "profiles": { "quick": { "datasets": ["synthetic"], "architectures": ["mlp"], "regularizers": ["none"] } } }""");
        var error = Assert.Throws<ConfigurationException>(() => file.Profile("quik"));
        Assert.Contains("did you mean 'quick'?", error.Message);
    }

    [Fact]
    public void The_repository_experiments_file_is_valid()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "RegBench.sln"))) root = Path.GetDirectoryName(root)!;
        var file = ExperimentFileReader.Read(Path.Combine(root, "experiments.json"), BuiltInPlugins.Catalog);
        Assert.Contains(file.Profiles, p => p.Name == "quick");
    }
}
