using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RegBench.Engine.Experiments;

/// <summary>
/// One cell of a profile's matrix: everything that defines one training run. <see cref="CellId"/> is the first
/// 16 hex digits of SHA-256 of <see cref="CanonicalJson"/>, so the same cell has the same id on every machine and run.
/// </summary>
public sealed record CellSpec(
    string Profile,
    PluginChoice Dataset,
    PluginChoice Architecture,
    PluginChoice Regularizer,
    long Seed,
    int BatchSize,
    int Epochs,
    OptimizerSettings Optimizer,
    ScheduleSettings Schedule)
{
    /// <summary>Canonical JSON of the cell: sorted keys, normalized numbers, plugin options as written.</summary>
    public string CanonicalJson => BuildCanonicalJson();

    /// <summary>Stable id: 16 lower-case hex digits.</summary>
    public string CellId => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson)))[..16];

    /// <summary>One-line description for logs: "fashion-mnist / mlp(depth=3) / none / seed 0 / batch 512".</summary>
    public string Label => $"{Dataset.Label} / {Architecture.Label} / {Regularizer.Label} / seed {Seed} / batch {BatchSize}";

    private string BuildCanonicalJson()
    {
        static string Plugin(PluginChoice choice) => $"{{\"name\":{JsonSerializer.Serialize(choice.Name)},\"options\":{choice.CanonicalOptions}}}";
        static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        var optimizer = $"{{\"lr\":{Number(Optimizer.Lr)},\"momentum\":{Number(Optimizer.Momentum)},\"name\":{JsonSerializer.Serialize(Optimizer.Name)}," +
                        $"\"nesterov\":{(Optimizer.Nesterov ? "true" : "false")},\"weightDecay\":{Number(Optimizer.WeightDecay)}}}";
        var schedule = $"{{\"gamma\":{Number(Schedule.Gamma)},\"milestones\":[{string.Join(",", Schedule.Milestones)}]," +
                       $"\"name\":{JsonSerializer.Serialize(Schedule.Name)},\"warmupEpochs\":{Schedule.WarmupEpochs}}}";
        return $"{{\"architecture\":{Plugin(Architecture)},\"batchSize\":{BatchSize},\"dataset\":{Plugin(Dataset)},\"epochs\":{Epochs}," +
               $"\"optimizer\":{optimizer},\"profile\":{JsonSerializer.Serialize(Profile)},\"regularizer\":{Plugin(Regularizer)}," +
               $"\"schedule\":{schedule},\"seed\":{Seed}}}";
    }
}
