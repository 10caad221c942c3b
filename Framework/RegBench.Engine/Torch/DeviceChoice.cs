using RegBench.Engine.Experiments;
using RegBench.Experiments;
using TorchSharp;

namespace RegBench.Engine.Torch;

/// <summary>
/// `--device cpu|cuda|auto`: which torch device cells train on, recorded in the cells table. `auto` is cuda when
/// torch.cuda.is_available() (a CUDA build on a machine with a GPU), else cpu. The trainer places every tensor on the
/// CPU today, so `cuda` is refused with the reason rather than recorded for a run that would not use the GPU.
/// </summary>
public static class DeviceChoice
{
    /// <summary>The values --device accepts.</summary>
    public static readonly string[] Names = ["cpu", "cuda", "auto"];

    /// <summary>Resolves <paramref name="requested"/> to the device name cells record; throws a usage or environment error saying why not.</summary>
    public static string Resolve(string requested) => Resolve(requested, torch.cuda.is_available());

    /// <summary>As <see cref="Resolve(string)"/>, with CUDA availability given (for tests).</summary>
    public static string Resolve(string requested, bool cudaAvailable) => requested switch
    {
        "cpu" => "cpu",
        "auto" => "cpu", // a CUDA device would be chosen here once the trainer places tensors on it; see the summary
        "cuda" when !cudaAvailable => throw new EnvironmentException(
            "--device cuda: torch.cuda.is_available() is false. This regbench is the CPU build (libtorch-cpu) or the machine has no usable GPU; " +
            "build with -p:TorchBackend=cuda on a machine with an NVIDIA driver, or use --device cpu."),
        "cuda" => throw new EnvironmentException(
            "--device cuda: CUDA is available, but RegBench's trainer still places models and batches on the CPU, so a CUDA run would silently train on the CPU. Use --device cpu (or auto)."),
        _ => throw new ConfigurationException(new ConfigurationError("--device", 0, 0, ConfigurationCodes.InvalidNumber,
            $"'{requested}' is not a device; use one of {string.Join(", ", Names)}.")),
    };
}
