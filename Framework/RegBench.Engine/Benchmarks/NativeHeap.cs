using System.Runtime.InteropServices;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// Bytes the C heap has handed out and not yet had back (glibc <c>mallinfo2</c>: <c>uordblks + hblkhd</c>, every arena and
/// every mmapped chunk), which is where libtorch's CPU tensors live. Unlike RSS it does not move when glibc trims or regrows
/// its free lists, so a step that returns all it allocates leaves it where it was. Null off glibc (and before glibc 2.33).
/// </summary>
internal static class NativeHeap
{
    private static bool available = OperatingSystem.IsLinux();

    /// <summary>The heap's in-use bytes now, or null where it cannot be read.</summary>
    public static long? InUseBytes()
    {
        if (!available) return null;
        try
        {
            var info = MallInfo2();
            return (long)(info.InUseOrdinaryBytes + info.MappedBytes);
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            available = false;
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallocInfo MallInfo2();

    /// <summary>glibc's <c>struct mallinfo2</c>: ten size_t fields; the two this class reads are named.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct MallocInfo(
        nuint Arena, nuint FreeChunks, nuint FastChunks, nuint MappedChunks, nuint MappedBytes,
        nuint MaxTotal, nuint FastFreeBytes, nuint InUseOrdinaryBytes, nuint FreeBytes, nuint KeepCost);
}
