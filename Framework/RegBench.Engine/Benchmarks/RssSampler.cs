using System.Diagnostics;

namespace RegBench.Engine.Benchmarks;

/// <summary>Reads the process's RSS between steps (never inside the clock) and keeps its growth from the first reading and the peak.</summary>
internal sealed class RssSampler : IDisposable
{
    private readonly Process process = Process.GetCurrentProcess();
    private readonly long startBytes;
    private long peakBytes;

    /// <summary>Starts at the RSS now.</summary>
    public RssSampler() => startBytes = peakBytes = Read();

    /// <summary>RSS now minus RSS at the start, in bytes.</summary>
    public long GrowthBytes => Read() - startBytes;

    /// <summary>The highest RSS read minus RSS at the start, in bytes.</summary>
    public long PeakGrowthBytes => peakBytes - startBytes;

    /// <summary>RSS now, in bytes; also raises the peak.</summary>
    public long Read()
    {
        process.Refresh();
        var bytes = process.WorkingSet64;
        peakBytes = Math.Max(peakBytes, bytes);
        return bytes;
    }

    /// <summary>Releases the process handle.</summary>
    public void Dispose() => process.Dispose();
}
