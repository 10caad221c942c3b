using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RegBench.Experiments;

namespace RegBench.Generators.Experiments;

/// <summary>
/// The compile-time view of the plugins for <see cref="ExperimentValidator"/>: names from metadata and an options check
/// that follows the generated binder step by step (first unknown or mistyped property in file order, then the ranges in
/// option order) and says what it says (<see cref="BinderMessages"/>). A plugin's own Validate hook and constructor run
/// only at run time (`regbench validate`).
/// </summary>
internal sealed class ReferencedPluginSet(EquatableArray<ReferencedPlugin> plugins) : IExperimentPluginSet
{
    public IReadOnlyList<string> Names(string kind) => plugins.Where(p => p.Kind == kind).Select(p => p.Name).ToList();

    public OptionProblem? CheckOptions(PluginDraft choice)
    {
        var plugin = plugins.First(p => p.Kind == choice.Kind && p.Name == choice.Name);
        foreach (var property in choice.Options)
        {
            var option = plugin.Options.FirstOrDefault(o => o.JsonName == property.Name);
            if (option is null) return Problem(plugin, property.Name, BinderMessages.UnknownOption(plugin.Options));
            if (CheckValue(plugin, option, property.Value, property.Name) is { } problem) return problem;
        }
        foreach (var option in plugin.Options.Where(o => o.Range is not null))
        {
            if (!choice.Node.TryGet(option.JsonName, out var node) || node.Kind == JsonTreeKind.Null) continue;
            var value = double.Parse(node.RawText, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!BinderMessages.InRange(option.Range!, value))
                return Problem(plugin, option.JsonName, BinderMessages.RangePrefix(option.Range!) + Format(option.Kind, node) + ".");
        }
        return null;
    }

    private static OptionProblem? CheckValue(ReferencedPlugin plugin, OptionModel option, JsonTreeNode node, string path)
    {
        if (option.Nullable && node.Kind == JsonTreeKind.Null) return null;
        if (!option.IsArray) return CheckScalar(plugin, option, node, path);
        if (node.Kind != JsonTreeKind.Array) return Problem(plugin, path, BinderMessages.WrongType("array", Found(node)));
        for (var i = 0; i < node.Items.Count; i++)
            if (CheckScalar(plugin, option, node.Items[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]") is { } problem)
                return problem;
        return null;
    }

    private static OptionProblem? CheckScalar(ReferencedPlugin plugin, OptionModel option, JsonTreeNode node, string path)
    {
        var raw = node.RawText;
        var fits = option.Kind switch
        {
            ScalarKind.Boolean => node.Kind is JsonTreeKind.True or JsonTreeKind.False,
            ScalarKind.Int32 => node.Kind == JsonTreeKind.Number && CellIdentity.IsInteger(raw) && int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            ScalarKind.Int64 => node.Kind == JsonTreeKind.Number && CellIdentity.IsInteger(raw) && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            ScalarKind.Double => node.Kind == JsonTreeKind.Number && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsNaN(d) && !double.IsInfinity(d),
            _ => node.Kind == JsonTreeKind.String,
        };
        if (!fits) return Problem(plugin, path, BinderMessages.WrongType(BinderMessages.Expected(option.Kind, option.Enum), Found(node)));
        if (option.Kind == ScalarKind.Enum && !option.Enum!.Members.Any(m => m.Json == node.Text))
            return Problem(plugin, path, BinderMessages.UnknownEnumValue(node.Text!, option.Enum));
        return null;
    }

    // As the generated WrongType helper writes JsonElement values: "boolean true", "number 3", "string \"x\"", "object".
    private static string Found(JsonTreeNode node) => node.Kind switch
    {
        JsonTreeKind.True or JsonTreeKind.False => "boolean " + node.RawText,
        JsonTreeKind.Number => "number " + node.RawText,
        JsonTreeKind.String => "string " + node.RawText,
        _ => node.Kind.ToString().ToLowerInvariant(),
    };

    // As the generated range check prints the bound value: int/long/double ToString(InvariantCulture).
    private static string Format(ScalarKind kind, JsonTreeNode node) => kind switch
    {
        ScalarKind.Int32 => int.Parse(node.RawText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        ScalarKind.Int64 => long.Parse(node.RawText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        _ => double.Parse(node.RawText, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
    };

    // PluginOptionsException's message: "{plugin}: option '{path}': {message}".
    private static OptionProblem Problem(ReferencedPlugin plugin, string path, string message) =>
        new(path, $"{plugin.Name}: option '{path}': {message}");
}
