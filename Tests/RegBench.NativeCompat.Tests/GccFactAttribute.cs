namespace RegBench.NativeCompat.Tests;

/// <summary>A fact that needs g++ on a Linux host to compile its test libraries; skipped with the reason otherwise.</summary>
public sealed class GccFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the test cannot compile ELF libraries here.</summary>
    public GccFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs a Linux host: the test compiles and loads ELF shared libraries";
        }
        else if (TestLibraries.CompilerPath is null)
        {
            Skip = "g++ is not on PATH; install g++ (CI does) to compile the provider/consumer test libraries";
        }
    }
}
