using System.Text;

namespace RegBench.Generators;

/// <summary>The JSON names the host uses, computed at compile time exactly as System.Text.Json's naming policies do.</summary>
internal static class Naming
{
    /// <summary>JsonNamingPolicy.CamelCase: "TrainSize" → "trainSize", "URLValue" → "urlValue".</summary>
    public static string CamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0])) return name;
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i])) break;
            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ') chars[i] = char.ToLowerInvariant(chars[i]);
                break;
            }
            chars[i] = char.ToLowerInvariant(chars[i]);
        }
        return new string(chars);
    }

    /// <summary>JsonNamingPolicy.KebabCaseLower: "PowerIteration" → "power-iteration", "HTTPServer" → "http-server", "Layer2Norm" → "layer2-norm".</summary>
    public static string KebabCase(string name)
    {
        var result = new StringBuilder(name.Length + 4);
        var previous = Category.None;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' || c == '-' || char.IsWhiteSpace(c))
            {
                if (previous != Category.None) previous = Category.Separator;
                continue;
            }
            if (char.IsUpper(c))
            {
                var boundary = previous switch
                {
                    Category.LowerOrDigit or Category.Separator => true,
                    Category.Upper => i + 1 < name.Length && char.IsLower(name[i + 1]),
                    _ => false,
                };
                if (boundary) result.Append('-');
                result.Append(char.ToLowerInvariant(c));
                previous = Category.Upper;
            }
            else
            {
                if (previous == Category.Separator) result.Append('-');
                result.Append(c);
                previous = Category.LowerOrDigit;
            }
        }
        return result.ToString();
    }

    /// <summary>A plugin name as a C# identifier part: "spectral-scaling" → "SpectralScaling", "cifar10" → "Cifar10".</summary>
    public static string PascalCase(string name)
    {
        var result = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }
            result.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return result.Length > 0 && char.IsDigit(result[0]) ? "_" + result : result.ToString();
    }

    /// <summary>Whether <paramref name="name"/> is a valid plugin name: [a-z][a-z0-9-]*.</summary>
    public static bool IsValidPluginName(string name)
    {
        if (name.Length == 0 || name[0] < 'a' || name[0] > 'z') return false;
        foreach (var c in name)
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')) return false;
        return true;
    }

    private enum Category { None, Upper, LowerOrDigit, Separator }
}
