using RegBench.NativeCompat;
using TorchSharp;

namespace RegBench.Engine.Torch;

/// <summary>
/// Start-up check that torch loads. It probes the native library itself first, because a failed TorchSharp load
/// silently copies ~0.5 GB of natives into cpu/ and then throws a TypeInitializationException that says nothing useful.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool ready;

    /// <summary>True when this CPU has no NNPACK and it was switched off, so conv layers stop logging about it (<see cref="NnpackSwitch"/>).</summary>
    public static bool NnpackDisabled { get; private set; }

    /// <summary>
    /// Loads torch once per process; throws <see cref="EnvironmentException"/> naming the library and symbol version if it
    /// cannot, or naming the foreign copy when a libtorch outside the app's native folder got bound (<see cref="TorchBinding"/>).
    /// </summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (ready) return;
            Abstractions.NativeDefaults.EnsureApplied();
            var nativeDirectory = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
            if (OperatingSystem.IsLinux())
            {
                var problem = TorchNativeProbe.Diagnose(nativeDirectory);
                if (problem is not null) throw new EnvironmentException(problem);
            }
            try
            {
                using var probe = torch.zeros(1);
            }
            catch (Exception error) when (error is TypeInitializationException or DllNotFoundException or NotSupportedException)
            {
                throw new EnvironmentException($"TorchSharp failed to initialize: {(error.InnerException ?? error).Message}");
            }
            if (OperatingSystem.IsLinux() && TorchBinding.Verify(nativeDirectory) is { } foreign) throw new EnvironmentException(foreign);
            NnpackDisabled = NnpackSwitch.DisableWhereUnsupported();
            ready = true;
        }
    }
}
