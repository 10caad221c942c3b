using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RegBench.Cli.Commands;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;

namespace RegBench.Cli.Tests.Reliability;

/// <summary>
/// `regbench validate` never crashes: random JSON and near-valid experiment files (one value swapped for an awkward one, a
/// key added or dropped, the text cut or a character inserted) always end in exit 0 or 2. Runs in-process through the
/// command's own path (<see cref="CommandErrors.Guard"/> around the file reader) with the built-in plugins loaded once.
/// </summary>
public sealed class ValidatePropertyTests
{
    private const string Base = """
        { "defaults": { "epochs": 2, "batchSize": 64, "seeds": [0, 1], "optimizer": { "name": "sgd", "lr": 0.1, "momentum": 0.9 },
                        "schedule": { "name": "multistep", "milestones": [1], "gamma": 0.5 } },
          "profiles": { "p": { "datasets": [{ "name": "synthetic", "trainSize": 100 }], "architectures": [{ "name": "mlp", "depth": 2, "width": 8 }],
                               "regularizers": ["none", { "name": "weight-decay", "lambda": 0.001 }, { "name": "spectral-scaling", "target": 1.0 }],
                               "batchSizes": [16, 32], "gapThreshold": 0.5, "spectrumEvery": 2, "init": "orthogonal-scaled" } } }
        """;

    private static readonly string[] AwkwardValues =
    [
        "1e999", "-1e999", "1e-999", "-1", "0", "0.5", "10000000000", "2147483648", "9223372036854775808", "1000000000",
        "\"x\"", "\"\"", "null", "true", "[]", "{}", "[[]]", "{\"name\": 1}", "[\"none\", \"none\"]", "\"\\u0000\"",
        new string('[', 300) + new string(']', 300), "\"mlp\"", "{\"name\": \"mlp\", \"depth\": -3}", "[1e308, 1e309]",
    ];

    private static readonly Lazy<PluginCatalog> Plugins = new(() => PluginCatalog.Load([PluginCatalog.BuiltInDirectory]));

    /// <summary>The exit code `regbench validate` gives for <paramref name="text"/> (exceptions other than the documented ones escape).</summary>
    private static int Validate(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return CommandErrors.Guard(() =>
        {
            ExperimentFileReader.PluginDirectories(utf8, "experiments.json");
            ExperimentFileReader.Parse(utf8, "experiments.json", Plugins.Value);
            return 0;
        });
    }

    [Fact]
    public void The_base_document_is_valid()
    {
        Assert.Equal(0, Validate(Base));
    }

    [Property(Replay = "(16,2027)", MaxTest = 400)]
    public Property Near_valid_documents_validate_to_exit_0_or_2() =>
        Prop.ForAll(NearValid().ToArbitrary(), text => Validate(text) is 0 or 2);

    [Property(Replay = "(17,2027)", MaxTest = 300)]
    public Property Random_json_documents_validate_to_exit_0_or_2() =>
        Prop.ForAll(RandomJson(3).Select(node => node?.ToJsonString() ?? "null").ToArbitrary(), text => Validate(text) is 0 or 2);

    /// <summary>The base document with one value replaced, one key added or removed, or its text cut or garbled.</summary>
    private static Gen<string> NearValid()
    {
        var paths = Paths(JsonNode.Parse(Base)!, "").ToList();
        var replace = from path in Gen.Elements(paths.ToArray())
                      from value in Gen.Elements(AwkwardValues)
                      select Replace(path, value);
        var addKey = from path in Gen.Elements(paths.ToArray())
                     from key in Gen.Elements("name", "epochs", "bogus", "lr", "profiles", "")
                     from value in Gen.Elements(AwkwardValues)
                     select AddKey(path, key, value);
        var cut = Gen.Choose(0, Base.Length).Select(n => Base[..n]);
        var garble = from at in Gen.Choose(0, Base.Length)
                     from c in Gen.Elements('{', '}', '[', ']', ',', ':', '"', '\\', '/', '*', 'e', '-', '\n', '\u0001', '\uFEFF')
                     select Base.Insert(at, c.ToString());
        return Gen.OneOf(replace, replace, addKey, cut, garble);
    }

    private static string Replace(string path, string raw)
    {
        var root = JsonNode.Parse(Base)!;
        Set(root, path, JsonValue.Create("@@hole@@"));
        return root.ToJsonString().Replace("\"@@hole@@\"", raw, StringComparison.Ordinal);
    }

    private static string AddKey(string path, string key, string raw)
    {
        var root = JsonNode.Parse(Base)!;
        if (Find(root, path) is JsonObject target) target[key + "@@"] = "@@hole@@";
        return root.ToJsonString().Replace($"\"{key}@@\":\"@@hole@@\"", $"\"{key}\":{raw}", StringComparison.Ordinal);
    }

    private static IEnumerable<string> Paths(JsonNode node, string path)
    {
        yield return path;
        var children = node switch
        {
            JsonObject o => o.Select(p => (Key: p.Key, Value: p.Value)),
            JsonArray a => a.Select((v, i) => (Key: $"[{i}]", Value: v)),
            _ => [],
        };
        foreach (var (key, value) in children)
            if (value is not null)
                foreach (var child in Paths(value, path.Length == 0 ? key : $"{path}/{key}")) yield return child;
    }

    private static JsonNode? Find(JsonNode root, string path) =>
        path.Length == 0 ? root : path.Split('/').Aggregate<string, JsonNode?>(root, (node, key) =>
            key.StartsWith('[') ? node?.AsArray()[int.Parse(key[1..^1], System.Globalization.CultureInfo.InvariantCulture)] : node?.AsObject()[key]);

    private static void Set(JsonNode root, string path, JsonNode value)
    {
        if (path.Length == 0) return; // the whole document: replaced by the hole below
        var cut = path.LastIndexOf('/');
        var (parentPath, key) = cut < 0 ? ("", path) : (path[..cut], path[(cut + 1)..]);
        switch (Find(root, parentPath))
        {
            case JsonArray array: array[int.Parse(key[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = value; break;
            case JsonObject obj: obj[key] = value; break;
        }
    }

    /// <summary>Any JSON value, nested up to <paramref name="depth"/> levels.</summary>
    private static Gen<JsonNode?> RandomJson(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)JsonValue.Create(b)),
            ArbMap.Default.GeneratorFor<int>().Select(i => (JsonNode?)JsonValue.Create(i)),
            ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => (JsonNode?)JsonValue.Create(f.Get)),
            Gen.Elements("profiles", "defaults", "datasets", "synthetic", "mlp", "none", "p", "").Select(s => (JsonNode?)JsonValue.Create(s)));
        if (depth == 0) return scalar;
        var inner = RandomJson(depth - 1);
        var array = Gen.ListOf(inner).Select(items => (JsonNode?)new JsonArray([.. items]));
        var keys = Gen.Elements("profiles", "defaults", "datasets", "architectures", "regularizers", "seeds", "batchSize", "epochs", "name", "x");
        var obj = Gen.ListOf(Gen.Zip(keys, inner)).Select(pairs =>
        {
            var o = new JsonObject();
            foreach (var (key, value) in pairs) o[key] = value;
            return (JsonNode?)o;
        });
        return Gen.OneOf(scalar, array, obj);
    }
}
