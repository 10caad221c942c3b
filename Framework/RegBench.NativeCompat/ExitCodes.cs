namespace RegBench.NativeCompat;

/// <summary>Process exit codes of the <c>RegBench.NativeCompat</c> tool.</summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>check</c>, the native library loads.</summary>
    public const int Success = 0;

    /// <summary>A library could not be read or replaced (not ELF, unreadable, not writable).</summary>
    public const int BadLibrary = 1;

    /// <summary>The command line was not understood.</summary>
    public const int Usage = 2;

    /// <summary><c>check</c>: the native library does not load on this host.</summary>
    public const int CheckFailed = 3;
}
