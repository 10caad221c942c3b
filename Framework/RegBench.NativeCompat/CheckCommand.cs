namespace RegBench.NativeCompat;

/// <summary><c>check &lt;nativeDir&gt;</c>: prints whether TorchSharp's native library loads on this host.</summary>
public sealed class CheckCommand(TextWriter output)
{
    /// <summary>Runs <see cref="TorchNativeProbe.Diagnose"/> and prints its verdict.</summary>
    public int Run(string nativeDirectory)
    {
        var problem = TorchNativeProbe.Diagnose(nativeDirectory);
        output.WriteLine(problem ?? $"regbench: {TorchNativeProbe.LibraryFileName} in {nativeDirectory} loads on this host.");
        return problem is null ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
