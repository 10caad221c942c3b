namespace RegBench.NativeCompat.Tests;

/// <summary>Files that are not ELF64 little-endian libraries are rejected with a message naming them.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _work = new();

    [Fact]
    public void Opening_a_non_ELF_file_throws_naming_the_file()
    {
        var path = Path.Combine(_work.Path, "libnotelf.so");
        File.WriteAllText(path, "INPUT(-lfoo) /* a linker script, not a library */ padding padding padding padding");

        var error = Assert.Throws<ElfFormatException>(() => ElfImage.Open(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("not an ELF file", error.Message);
    }

    [Fact]
    public void Opening_a_32_bit_ELF_file_throws_naming_its_class()
    {
        var path = WriteElfHeader("lib32.so", elfClass: 1, dataEncoding: 1); // ELFCLASS32

        var error = Assert.Throws<ElfFormatException>(() => ElfImage.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("64-bit", error.Message);
    }

    [Fact]
    public void Opening_a_big_endian_ELF_file_throws_naming_its_encoding()
    {
        var path = WriteElfHeader("libbig.so", elfClass: 2, dataEncoding: 2); // ELFDATA2MSB

        var error = Assert.Throws<ElfFormatException>(() => ElfImage.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("little-endian", error.Message);
    }

    [LinuxFact]
    public void Weaken_command_fails_with_a_build_error_naming_a_non_ELF_file()
    {
        var path = Path.Combine(_work.Path, "libbroken.so.1");
        File.WriteAllText(path, "not a library");
        var error = new StringWriter();

        var exitCode = new WeakenCommand(TextWriter.Null, error).Run([_work.Path]);

        Assert.Equal(ExitCodes.BadLibrary, exitCode);
        Assert.Contains(": error RBNC001 : ", error.ToString());
        Assert.Contains(path, error.ToString());
    }

    [Fact]
    public void Weaken_command_ignores_a_missing_directory()
    {
        var exitCode = new WeakenCommand(TextWriter.Null, TextWriter.Null).Run([Path.Combine(_work.Path, "absent")]);

        Assert.Equal(ExitCodes.Success, exitCode);
    }

    /// <inheritdoc />
    public void Dispose() => _work.Dispose();

    private string WriteElfHeader(string fileName, byte elfClass, byte dataEncoding)
    {
        var path = Path.Combine(_work.Path, fileName);
        var header = new byte[64];
        "\u007fELF"u8.CopyTo(header);
        header[4] = elfClass;
        header[5] = dataEncoding;
        File.WriteAllBytes(path, header);
        return path;
    }
}
