using System.Runtime.InteropServices;

namespace RegBench.NativeCompat.Tests;

/// <summary>The core weakener on real g++-built libraries: consumer needs VERS_1.0 and VERS_2.0, the old provider has only VERS_1.0.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // GccFact skips the tests elsewhere
public sealed class VersionNeedWeakenerTests(TestLibraries libraries) : IClassFixture<TestLibraries>, IDisposable
{
    private readonly TempDirectory _work = new();

    [GccFact]
    public void Reads_both_versions_the_consumer_needs_from_the_provider()
    {
        using var image = ElfImage.Open(libraries.Consumer);

        var needs = VersionNeedReader.Read(image).Where(n => n.NeededFile == TestLibraries.ProviderSoname);

        Assert.Equal(["VERS_1.0", "VERS_2.0"], needs.Select(n => n.VersionName).Order());
    }

    [GccFact]
    public void Reads_the_versions_a_provider_defines()
    {
        using var image = ElfImage.Open(libraries.Provider);

        Assert.Superset(new HashSet<string> { "VERS_1.0", "VERS_2.0" }, new HashSet<string>(VersionDefinitionReader.Read(image)));
    }

    [GccFact]
    public void Weakens_only_versions_the_provider_lacks()
    {
        var consumer = _work.CopyIn(libraries.Consumer);

        OldProviderWeakener().Weaken(consumer);

        using var image = ElfImage.Open(consumer);
        var needs = VersionNeedReader.Read(image).Where(n => n.NeededFile == TestLibraries.ProviderSoname).ToDictionary(n => n.VersionName);
        Assert.True(needs["VERS_2.0"].IsWeak);
        Assert.False(needs["VERS_1.0"].IsWeak);
    }

    [GccFact]
    public void Names_the_symbols_that_use_a_missing_version()
    {
        var unmet = OldProviderWeakener().FindUnmet(libraries.Consumer);

        var need = Assert.Single(unmet);
        Assert.Equal("VERS_2.0", need.Need.VersionName);
        Assert.Equal(["f2"], need.UsedBy);
    }

    [GccFact]
    public void Weakening_changes_exactly_one_byte()
    {
        var consumer = _work.CopyIn(libraries.Consumer);
        var before = File.ReadAllBytes(consumer);

        OldProviderWeakener().Weaken(consumer);

        var after = File.ReadAllBytes(consumer);
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(1, before.Zip(after).Count(pair => pair.First != pair.Second));
    }

    [GccFact]
    public void Weakening_twice_changes_nothing_the_second_time()
    {
        var consumer = _work.CopyIn(libraries.Consumer);
        OldProviderWeakener().Weaken(consumer);
        var once = File.ReadAllBytes(consumer);

        var second = OldProviderWeakener().Weaken(consumer);

        Assert.Empty(second);
        Assert.Equal(once, File.ReadAllBytes(consumer));
    }

    [GccFact]
    public void Weakening_a_hard_link_leaves_the_other_name_unchanged()
    {
        var original = _work.CopyIn(libraries.Consumer);
        var link = Path.Combine(_work.Path, "linked.so");
        Assert.Equal(0, CreateHardLink(original, link));
        var before = File.ReadAllBytes(original);

        OldProviderWeakener().Weaken(link);

        Assert.Equal(before, File.ReadAllBytes(original));
        Assert.NotEqual(before, File.ReadAllBytes(link));
    }

    [GccFact]
    public void Weakening_keeps_the_file_mode()
    {
        var consumer = _work.CopyIn(libraries.Consumer);
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        File.SetUnixFileMode(consumer, mode);

        OldProviderWeakener().Weaken(consumer);

        Assert.Equal(mode, File.GetUnixFileMode(consumer));
    }

    [GccFact]
    public void Leaves_the_library_untouched_when_the_provider_has_every_version()
    {
        var consumer = _work.CopyIn(libraries.Consumer);
        var before = File.ReadAllBytes(consumer);

        var weakened = new VersionNeedWeakener(TestLibraries.ProviderSoname, VersionProvider.Load(libraries.Provider)).Weaken(consumer);

        Assert.Empty(weakened);
        Assert.Equal(before, File.ReadAllBytes(consumer));
    }

    [GccFact]
    public void Never_touches_needs_on_other_files()
    {
        var consumer = _work.CopyIn(libraries.Consumer);
        var before = File.ReadAllBytes(consumer);

        var weakened = new VersionNeedWeakener("libother.so.1", VersionProvider.Load(libraries.OldProvider)).Weaken(consumer);

        Assert.Empty(weakened);
        Assert.Equal(before, File.ReadAllBytes(consumer));
    }

    [GccFact]
    public void Loader_accepts_the_consumer_with_the_old_provider_only_after_weakening()
    {
        // The old provider shares the soname, so the consumer's RUNPATH $ORIGIN finds it in the same folder.
        _work.CopyIn(libraries.OldProvider);
        var consumer = _work.CopyIn(libraries.Consumer);
        Assert.False(NativeLibrary.TryLoad(consumer, out _));

        OldProviderWeakener().Weaken(consumer);

        Assert.True(NativeLibrary.TryLoad(consumer, out _));
    }

    /// <inheritdoc />
    public void Dispose() => _work.Dispose();

    private VersionNeedWeakener OldProviderWeakener() =>
        new(TestLibraries.ProviderSoname, VersionProvider.Load(libraries.OldProvider));

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int CreateHardLink([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);
}
