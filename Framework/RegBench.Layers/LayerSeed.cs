using static TorchSharp.torch;

namespace RegBench.Layers;

/// <summary>
/// Seeds that depend on a layer's name and the cell seed only: stable across processes and runs (FNV-1a of the name,
/// unlike string.GetHashCode), independent of the layer's position and of the global torch RNG.
/// </summary>
public static class LayerSeed
{
    /// <summary>The seed of <paramref name="layerName"/> in a cell seeded <paramref name="cellSeed"/>: SplitMix64(FNV-1a(name) ⊕ cellSeed).</summary>
    public static long For(long cellSeed, string layerName) => Mix((long)Fnv1a(layerName) ^ cellSeed);

    /// <summary>A CPU generator seeded with <see cref="For"/>; the caller disposes it.</summary>
    public static Generator Generator(long cellSeed, string layerName) => new(unchecked((ulong)For(cellSeed, layerName)), CPU);

    /// <summary>The SplitMix64 finalizer: a bijection that spreads nearby inputs (step counts, seeds) over all 64 bits.</summary>
    public static long Mix(long value)
    {
        var z = (ulong)value + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)(z ^ (z >> 31));
    }

    private static ulong Fnv1a(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ulong hash = 14695981039346656037UL;
        foreach (var c in name) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }
}
