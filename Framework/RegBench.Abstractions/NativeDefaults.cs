using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RegBench.Abstractions;

/// <summary>
/// Process-wide settings for the native libraries, applied when RegBench.Abstractions loads (before any torch kernel).
/// oneDNN 3.7.1 (libtorch 2.10) intermittently returns NaN/Inf gradients from its JIT convolution backward kernels on
/// machines like our CI (measured on a conv stack: 1–14 of 20 backward passes non-finite with its AVX-512 kernels, 1 or 2
/// threads; AVX2 kernels fixed that stack but a DenseNet-BC still went NaN by step 2; capped at SSE4.1 every test passes).
/// RegBench therefore caps oneDNN at SSE4.1 unless the user set <c>ONEDNN_MAX_CPU_ISA</c> themselves (e.g. to ALL on a
/// machine where the fast kernels are sound). Matrix products (MKL) are not affected.
/// </summary>
public static partial class NativeDefaults
{
    /// <summary>The oneDNN variable that caps the instruction set its kernels use.</summary>
    public const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The cap RegBench sets when the user has not: SSE4.1.</summary>
    public const string OneDnnIsaDefault = "SSE41";

    /// <summary>The cap in force for native code in this process (read through libc, not .NET's environment copy).</summary>
    public static string? OneDnnIsa => OperatingSystem.IsLinux() ? Marshal.PtrToStringUTF8(GetEnvironment(OneDnnIsaVariable)) : null;

    /// <summary>Applies the defaults (idempotent). oneDNN reads the cap at its first kernel, so call this before any convolution.</summary>
    public static void EnsureApplied() => Apply();

#pragma warning disable CA2255 // Runs as soon as anything touches the contracts, i.e. before plugin code builds a model.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        // setenv with overwrite = 0 keeps a value the user chose.
        if (OperatingSystem.IsLinux()) _ = SetEnvironment(OneDnnIsaVariable, OneDnnIsaDefault, 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnvironment(string name);
}
