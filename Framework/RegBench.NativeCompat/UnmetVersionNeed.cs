namespace RegBench.NativeCompat;

/// <summary>A strong version need that the provider library does not define, with the symbols that use it.</summary>
/// <param name="Need">The need as read from <c>.gnu.version_r</c>.</param>
/// <param name="UsedBy">Undefined dynamic symbols bound to that version, e.g. <c>_ZSt21ios_base_library_initv</c>.</param>
public sealed record UnmetVersionNeed(VersionNeed Need, IReadOnlyList<string> UsedBy)
{
    /// <summary>"GLIBCXX_3.4.32 (for _ZSt21ios_base_library_initv)", listing at most three symbols.</summary>
    public string Describe() => $"{Need.VersionName} (for {DescribeUsers(UsedBy)})";

    /// <summary>"a, b, c and 4 more", or "no undefined symbol" when the version is needed by none.</summary>
    public static string DescribeUsers(IReadOnlyCollection<string> symbols)
    {
        const int shown = 3;
        if (symbols.Count == 0)
        {
            return "no undefined symbol";
        }

        var text = string.Join(", ", symbols.Take(shown));
        return symbols.Count > shown ? $"{text} and {symbols.Count - shown} more" : text;
    }
}
