using System.Text.Json;
using RegBench.Results;

namespace RegBench.Reporting.Replication;

/// <summary>The plugin names and architecture size of a stored cell, read from its canonical JSON (cells.options_json).</summary>
public sealed record CellShape(string Architecture, int? Depth, int? Width, string Regularizer)
{
    /// <summary>Reads a cell's shape; falls back to the stored labels when the JSON is not a cell's canonical JSON.</summary>
    public static CellShape Of(CellRecord cell)
    {
        try
        {
            using var json = JsonDocument.Parse(cell.OptionsJson);
            var root = json.RootElement;
            if (root.TryGetProperty("architecture", out var architecture) && root.TryGetProperty("regularizer", out var regularizer))
            {
                var options = architecture.TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
                return new CellShape(architecture.GetProperty("name").GetString()!, Int(options, "depth"), Int(options, "width"),
                    regularizer.GetProperty("name").GetString()!);
            }
        }
        catch (JsonException)
        {
        }
        return new CellShape(NameOf(cell.Architecture), null, null, NameOf(cell.Regularizer));
    }

    /// <summary>The published model this cell's architecture is: same plugin and depth (and width, when the paper gives one and <paramref name="exactWidth"/>).</summary>
    public PaperModel? Match(IEnumerable<PaperModel> models, bool exactWidth) =>
        models.FirstOrDefault(m => m.Architecture == Architecture && (m.Depth == 0 || m.Depth == Depth) && (!exactWidth || m.Width is null || m.Width == Width));

    private static int? Int(JsonElement options, string name) =>
        options.ValueKind == JsonValueKind.Object && options.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static string NameOf(string label) => label.Split('(')[0];
}

/// <summary>The done seeds of one regularizer on one row of a replication table, with their final-epoch metrics.</summary>
public sealed record ReplicatedRuns(ArchitectureGroup Group, RegularizerRuns Runs, CellShape Shape, IReadOnlyList<EpochRecord> Finals);

/// <summary>Helpers over <see cref="ReportData"/> that every replication section uses.</summary>
public static class ReplicationCells
{
    /// <summary>Every (row, regularizer) of the done cells, with the cell shape of its first seed.</summary>
    public static IReadOnlyList<ReplicatedRuns> All(ReportData data) =>
        data.Groups.SelectMany(g => g.Regularizers.Select(r => new ReplicatedRuns(g, r, CellShape.Of(r.Seeds[0].Cell), r.Seeds.Select(data.Final).ToList()))).ToList();

    /// <summary>The runs of plugin <paramref name="regularizer"/> on <paramref name="group"/> (the first when several option sets share the plugin).</summary>
    public static ReplicatedRuns? Find(IReadOnlyList<ReplicatedRuns> all, ArchitectureGroup group, string regularizer) =>
        all.FirstOrDefault(r => r.Group == group && r.Shape.Regularizer == regularizer);
}
