namespace RegBench.NativeCompat.Tests;

/// <summary>A fact about ELF libraries and the Linux dynamic loader; skipped with the reason on other hosts.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> on non-Linux hosts.</summary>
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs a Linux host: TorchSharp's linux-x64 native and the glibc loader";
        }
    }
}
