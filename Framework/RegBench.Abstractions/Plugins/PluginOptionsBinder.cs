using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegBench.Abstractions;

/// <summary>
/// Binds a JSON options object to a plugin's options record strictly: unknown properties and wrong types are errors
/// that name the property. Also lists the record's options with defaults for `list plugins --verbose`.
/// </summary>
public static class PluginOptionsBinder
{
    private static readonly JsonSerializerOptions Strict = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Binds <paramref name="options"/> (an object, or undefined for all defaults) to <typeparamref name="T"/>.</summary>
    public static T Bind<T>(string pluginName, JsonElement options) where T : class, new()
    {
        if (options.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return new T();
        if (options.ValueKind != JsonValueKind.Object)
            throw new PluginOptionsException(pluginName, "$", $"expected an object of options, found {options.ValueKind}.");
        try
        {
            return options.Deserialize<T>(Strict) ?? new T();
        }
        catch (JsonException error)
        {
            var path = string.IsNullOrEmpty(error.Path) ? "$" : error.Path.TrimStart('$', '.');
            var known = string.Join(", ", Describe<T>().Select(o => $"{o.Name} ({o.Type})"));
            var reason = error.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"unknown option. Known options: {known}."
                : $"wrong type; expected {Describe<T>().FirstOrDefault(o => o.Name == path)?.Type ?? "another type"}.";
            throw new PluginOptionsException(pluginName, path, reason);
        }
    }

    /// <summary>The options of <typeparamref name="T"/>: camelCase name, JSON type and default value of a new instance.</summary>
    public static IReadOnlyList<PluginOption> Describe<T>() where T : class, new()
    {
        var defaults = new T();
        return typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != "EqualityContract")
            .Select(p => new PluginOption(
                JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                JsonTypeOf(p.PropertyType),
                JsonSerializer.Serialize(p.GetValue(defaults), p.PropertyType, Strict),
                p.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description ?? ""))
            .ToList();
    }

    private static string JsonTypeOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool)) return "boolean";
        if (type == typeof(int) || type == typeof(long)) return "integer";
        if (type == typeof(double) || type == typeof(float)) return "number";
        if (type == typeof(string) || type.IsEnum) return "string";
        return type.IsArray || typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "array" : "object";
    }
}
