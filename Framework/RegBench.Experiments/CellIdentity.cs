// RegBench.Experiments (netstandard2.0): referenced by RegBench.Engine and loaded beside the experiment-matrix generator,
// so a built-in cell's id computed at compile time is the id the engine computes at run time.
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace RegBench.Experiments;

/// <summary>
/// Canonical JSON of a cell (keys sorted ordinally, no whitespace, integers as integers, other numbers in shortest
/// round-trip form, strings escaped as System.Text.Json's default encoder does) and its id: the first 16 hex digits
/// of SHA-256 of that text.
/// </summary>
public static class CellIdentity
{
    /// <summary>The canonical text of a parsed value (plugin options).</summary>
    public static string Canonical(JsonTreeNode node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    /// <summary>The canonical JSON of one cell from its parts (plugin options already canonical).</summary>
    public static string CellJson(string profile, (string Name, string Options) dataset, (string Name, string Options) architecture,
        (string Name, string Options) regularizer, long seed, int batchSize, int epochs, OptimizerDraft optimizer, ScheduleDraft schedule, string init)
    {
        static string Plugin((string Name, string Options) choice) => $"{{\"name\":{String(choice.Name)},\"options\":{choice.Options}}}";
        var optimizerJson = $"{{\"lr\":{Number(optimizer.Lr)},\"momentum\":{Number(optimizer.Momentum)},\"name\":{String(optimizer.Name)}," +
                            $"\"nesterov\":{(optimizer.Nesterov ? "true" : "false")},\"weightDecay\":{Number(optimizer.WeightDecay)}}}";
        var scheduleJson = $"{{\"gamma\":{Number(schedule.Gamma)},\"milestones\":[{string.Join(",", schedule.Milestones.Select(m => m.ToString(CultureInfo.InvariantCulture)))}]," +
                           $"\"name\":{String(schedule.Name)},\"warmupEpochs\":{schedule.WarmupEpochs.ToString(CultureInfo.InvariantCulture)}}}";
        return $"{{\"architecture\":{Plugin(architecture)},\"batchSize\":{batchSize.ToString(CultureInfo.InvariantCulture)},\"dataset\":{Plugin(dataset)}," +
               $"\"epochs\":{epochs.ToString(CultureInfo.InvariantCulture)},\"init\":{String(init)},\"optimizer\":{optimizerJson},\"profile\":{String(profile)}," +
               $"\"regularizer\":{Plugin(regularizer)},\"schedule\":{scheduleJson},\"seed\":{seed.ToString(CultureInfo.InvariantCulture)}}}";
    }

    /// <summary>The cell id of a canonical JSON text: 16 lower-case hex digits of its SHA-256.</summary>
    public static string Id(string canonicalJson)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(canonicalJson));
        var builder = new StringBuilder(16);
        for (var i = 0; i < 8; i++) builder.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        return builder.ToString();
    }

    /// <summary>A number in canonical form: shortest round-trip ("R"), invariant culture.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A string as a JSON literal, escaped exactly as System.Text.Json's default encoder (JavaScriptEncoder.Default).</summary>
    public static string String(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~' || c is '"' or '&' or '\'' or '+' or '<' or '>' or '`')
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    private static void Append(StringBuilder builder, JsonTreeNode node)
    {
        switch (node.Kind)
        {
            case JsonTreeKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var property in node.DistinctProperties().OrderBy(p => p.Name, System.StringComparer.Ordinal))
                {
                    if (!first) builder.Append(',');
                    first = false;
                    builder.Append(String(property.Name)).Append(':');
                    Append(builder, property.Value);
                }
                builder.Append('}');
                break;
            case JsonTreeKind.Array:
                builder.Append('[');
                for (var i = 0; i < node.Items.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    Append(builder, node.Items[i]);
                }
                builder.Append(']');
                break;
            case JsonTreeKind.Number:
                var raw = node.RawText;
                builder.Append(IsInteger(raw) && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                    ? integer.ToString(CultureInfo.InvariantCulture)
                    : Number(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture)));
                break;
            case JsonTreeKind.String:
                builder.Append(String(node.Text!));
                break;
            default:
                builder.Append(node.RawText);
                break;
        }
    }

    /// <summary>True when a JSON number is written as an integer (no fraction, no exponent).</summary>
    public static bool IsInteger(string raw) => raw.All(c => c == '-' || (c >= '0' && c <= '9'));
}
