using System.Text;

namespace RegBench.NativeCompat.Tests;

/// <summary>
/// Rewrites DT_NEEDED names in a library's <c>.dynstr</c> in place (same length), so a copy of a real library needs
/// files that exist nowhere on any machine: the loader's answer no longer depends on what else is installed
/// (e.g. Debian's python3-torch puts a libtorch.so in the system library folder).
/// </summary>
public static class NeededLibraryRenamer
{
    /// <summary>The name <paramref name="needed"/> becomes: its "lib" prefix replaced by "rb~" ("libtorch.so" → "rb~torch.so").</summary>
    public static string AbsentName(string needed) => "rb~" + needed["lib".Length..];

    /// <summary>Renames each of <paramref name="needed"/> in <paramref name="library"/>'s string table to <see cref="AbsentName"/>; fails the test if one is not there.</summary>
    public static void RenameNeeded(string library, params string[] needed)
    {
        long offset;
        byte[] strings;
        using (var image = ElfImage.Open(library))
        {
            var section = image.FindSection(".dynstr");
            Assert.True(section is not null, $"{library} has no .dynstr section");
            offset = section!.Value.FileOffset;
            strings = image.ReadSection(section.Value);
        }

        using var file = File.Open(library, FileMode.Open, FileAccess.ReadWrite);
        foreach (var name in needed)
        {
            var at = IndexOfEntry(strings, Encoding.ASCII.GetBytes(name));
            Assert.True(at >= 0, $"{library}'s .dynstr has no entry \"{name}\"");
            file.Position = offset + at;
            file.Write(Encoding.ASCII.GetBytes(AbsentName(name)));
        }
    }

    /// <summary>Where <paramref name="name"/> starts as a whole NUL-terminated entry (not the tail of a longer one).</summary>
    private static int IndexOfEntry(byte[] strings, byte[] name)
    {
        for (var at = strings.AsSpan().IndexOf(name); at >= 0;)
        {
            var end = at + name.Length;
            if ((at == 0 || strings[at - 1] == 0) && end < strings.Length && strings[end] == 0) return at;
            var next = strings.AsSpan(at + 1).IndexOf(name);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return -1;
    }
}
