using RegBench.Engine.Experiments;
using RegBench.Experiments;
using TorchSharp;

namespace RegBench.Engine.Torch;

/// <summary>
/// `--device cpu|cuda|auto`: which torch device cells train on (<see cref="DevicePlacement"/>), recorded in the cells table.
/// `auto` is cuda when torch.cuda.is_available() (a CUDA build on a machine with a GPU), else cpu; `cuda` where CUDA is not
/// available is a usage error (exit 2) that says why and how to fix it, raised before anything is written.
/// </summary>
public static class DeviceChoice
{
    /// <summary>The values --device accepts.</summary>
    public static readonly string[] Names = ["cpu", "cuda", "auto"];

    /// <summary>
    /// Resolves <paramref name="requested"/> to the device name cells record ("cpu" or "cuda"); throws a usage error saying why not.
    /// Loads torch (<see cref="TorchRuntime.EnsureLoaded"/>) only to ask about CUDA, so `cpu` and a misspelt name need no native library.
    /// </summary>
    public static string Resolve(string requested)
    {
        if (requested is "cpu" || !Names.Contains(requested)) return Resolve(requested, cudaAvailable: false);
        TorchRuntime.EnsureLoaded();
        return Resolve(requested, torch.cuda.is_available(), HasCudaNatives());
    }

    /// <summary>As <see cref="Resolve(string)"/>, with CUDA availability and whether this build carries libtorch's CUDA natives given (for tests).</summary>
    public static string Resolve(string requested, bool cudaAvailable, bool cudaBuild = false) => requested switch
    {
        "cpu" => "cpu",
        "auto" => cudaAvailable ? "cuda" : "cpu",
        "cuda" when cudaAvailable => "cuda",
        "cuda" => throw ConfigurationException.At("--device", ConfigurationCodes.InvalidNumber,
            "cuda: torch.cuda.is_available() is false: " + (cudaBuild
                ? "this regbench is a CUDA build, but no CUDA device was found (no NVIDIA GPU, or its driver is missing or too old). Run it on a machine with a GPU, or use --device cpu."
                : "this regbench uses libtorch-cpu (the default build), which has no CUDA. Build with -p:TorchBackend=cuda where your NuGet feed has " +
                  "TorchSharp-cuda-linux (README, Platform) and run on a machine with an NVIDIA GPU, or use --device cpu (or auto).")),
        _ => throw ConfigurationException.At("--device", ConfigurationCodes.InvalidNumber,
            $"'{requested}' is not a device; use one of {string.Join(", ", Names)}."),
    };

    /// <summary>True when libtorch's CUDA library lies beside this program (the -p:TorchBackend=cuda build).</summary>
    private static bool HasCudaNatives() =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libtorch_cuda.so")) ||
        File.Exists(Path.Combine(AppContext.BaseDirectory, "libtorch_cuda.so"));
}
