namespace RegBench.Cli.Tests.Reliability;

/// <summary>A fact that mounts a tmpfs; skipped, saying why, where this machine does not allow mounting (not root).</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(() =>
    {
        using var probe = TmpfsMount.TryMount(64, out var reason);
        return probe is null ? reason : null;
    });

    /// <summary>Probes once per test run whether a tmpfs can be mounted.</summary>
    public TmpfsFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux (tmpfs)";
        else if (Unavailable.Value is { } reason) Skip = reason;
    }
}
