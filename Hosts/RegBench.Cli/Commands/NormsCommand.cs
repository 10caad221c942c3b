using System.CommandLine;
using System.Text.Json;
using RegBench.Cli.Norms;
using RegBench.Engine;
using RegBench.Engine.Torch;

namespace RegBench.Cli.Commands;

/// <summary>`regbench norms FILE.npy`: singular-value statistics of a matrix or conv kernel saved with NumPy.</summary>
public sealed class NormsCommand
{
    private readonly Argument<string> file = new("file") { Description = "A .npy file (float32 or float64, C order): a 2-D matrix or a 4-D conv kernel (out, in, kh, kw)." };
    private readonly Option<string> method = new("--method")
    {
        Description = "svd (default; exact, a kernel as out × in·kh·kw), reshaped (same, 4-D only), power (σ₁ of that matrix by power iteration), " +
                      "operator (σ₁ of the zero-padded strided conv on --input-size by power iteration), fft (every singular value of the circular stride-1 conv on N×N).",
        DefaultValueFactory = _ => "svd",
    };
    private readonly Option<string?> inputSize = new("--input-size") { Description = "operator/fft: spatial input size H,W (fft: N,N)." };
    private readonly Option<int?> stride = new("--stride") { Description = "operator: stride (default 1)." };
    private readonly Option<int?> padding = new("--padding") { Description = "operator: zero padding (default 0)." };
    private readonly Option<int> maxIterations = new("--max-iterations") { Description = "power/operator: iteration cap (stops earlier at relative residual 1e-8).", DefaultValueFactory = _ => 2000 };
    private readonly Option<bool> json = new("--json")
    {
        Description = "Print one JSON object: sigma_max, frobenius, stable_rank, effective_rank, numerical_rank, singular_values (power/operator: the estimate only, " +
                      "with iterations, converged, residual; their frobenius is exact, stable_rank = frobenius²/sigma_max², the other ranks null).",
    };

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        method.AcceptOnlyFromAmong([.. Enum.GetNames<NormsMethod>().Select(n => n.ToLowerInvariant())]);
        var command = new Command("norms", "Singular values, spectral norm, Frobenius norm and ranks of a weight saved as .npy (stats describe the matrix, reshaped kernel or conv operator measured).")
            { file, method, inputSize, stride, padding, maxIterations, json };
        command.SetAction(parse => CommandErrors.Guard(() => Execute(parse)));
        return command;
    }

    private int Execute(ParseResult parse)
    {
        try
        {
            if (parse.GetValue(maxIterations) < 1) throw new ArgumentException($"--max-iterations must be ≥ 1 (got {parse.GetValue(maxIterations)}).");
            var request = new NormsRequest(Enum.Parse<NormsMethod>(parse.GetValue(method)!, ignoreCase: true), NormsRequest.ParseInputSize(parse.GetValue(inputSize)),
                parse.GetValue(stride), parse.GetValue(padding), parse.GetValue(maxIterations));
            var array = NpyReader.Read(Path.GetFullPath(parse.GetValue(file)!));
            TorchRuntime.EnsureLoaded();
            var report = WeightSpectrumAnalyzer.Analyze(array, request);
            if (parse.GetValue(json)) Console.WriteLine(report.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else report.WriteText(Console.Out);
            return ExitCodes.Ok;
        }
        catch (Exception error) when (error is InvalidDataException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return ExitCodes.Usage;
        }
    }
}
