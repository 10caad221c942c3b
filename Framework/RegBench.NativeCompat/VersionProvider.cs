namespace RegBench.NativeCompat;

/// <summary>A library that provides symbol versions (e.g. the host's libstdc++), with the version names it defines.</summary>
/// <param name="LibraryPath">Where the library was read from.</param>
/// <param name="DefinedVersions">Names from its <c>.gnu.version_d</c>.</param>
public sealed record VersionProvider(string LibraryPath, IReadOnlySet<string> DefinedVersions)
{
    /// <summary>Reads the version definitions of the library at <paramref name="libraryPath"/>.</summary>
    /// <exception cref="ElfFormatException">The library is not ELF64 little-endian.</exception>
    public static VersionProvider Load(string libraryPath)
    {
        using var image = ElfImage.Open(libraryPath);
        return new VersionProvider(libraryPath, VersionDefinitionReader.Read(image));
    }

    /// <summary>Whether the library defines <paramref name="versionName"/>.</summary>
    public bool Defines(string versionName) => DefinedVersions.Contains(versionName);

    /// <summary>
    /// What the library offers in the family of <paramref name="versionName"/>: "defines up to GLIBCXX_3.4.30",
    /// or "defines no GLIBCXX_* version".
    /// </summary>
    public string DescribeFamilyOf(string versionName)
    {
        var family = FamilyOf(versionName);
        var highest = DefinedVersions
            .Where(v => FamilyOf(v) == family)
            .OrderByDescending(NumberOf, VersionNumberComparer.Instance)
            .FirstOrDefault();
        return highest is null ? $"defines no {family}_* version" : $"defines up to {highest}";
    }

    private static string FamilyOf(string versionName)
    {
        var separator = versionName.LastIndexOf('_');
        return separator < 0 ? versionName : versionName[..separator];
    }

    private static int[] NumberOf(string versionName)
    {
        var number = versionName[(versionName.LastIndexOf('_') + 1)..];
        return number.Split('.').Select(part => int.TryParse(part, out var n) ? n : -1).ToArray();
    }

    private sealed class VersionNumberComparer : IComparer<int[]>
    {
        public static readonly VersionNumberComparer Instance = new();

        public int Compare(int[]? x, int[]? y)
        {
            x ??= [];
            y ??= [];
            for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
            {
                var order = (i < x.Length ? x[i] : -1).CompareTo(i < y.Length ? y[i] : -1);
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        }
    }
}
