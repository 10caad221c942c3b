using System.Runtime.InteropServices;

namespace RegBench.Engine.Torch;

/// <summary>
/// Turns NNPACK off where libtorch reports it unavailable. On such CPUs libtorch logs "Could not initialize NNPACK!
/// Reason: Unsupported hardware." for every convolution (11,585 stderr lines for one epoch of a tiny ResNet-18 here),
/// which buries a run's own messages; TorchSharp has no switch for it. <c>at::Context::setUserEnabledNNPACK(false)</c>
/// is what PyTorch's <c>torch.backends.nnpack.set_flags(False)</c> calls: convolutions then skip the NNPACK check.
/// NNPACK is never used on these CPUs anyway, so no kernel choice changes. Reached through libtorch 2.10's exported
/// C++ symbols (Itanium ABI, <c>this</c> as the first argument); if a libtorch lacks them nothing is changed.
/// </summary>
internal static class NnpackSwitch
{
    /// <summary>Disables NNPACK when it is unavailable; true if it did. Needs libtorch loaded (TorchSharp initialized).</summary>
    public static bool DisableWhereUnsupported()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            if (NnpackAvailable()) return false;
            SetUserEnabledNnpack(GlobalContext(), false);
            return true;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at4_ops17_nnpack_available4callEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool NnpackAvailable();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
