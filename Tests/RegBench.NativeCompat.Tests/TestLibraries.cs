using System.Diagnostics;

namespace RegBench.NativeCompat.Tests;

/// <summary>
/// Real shared objects compiled once with g++: a provider defining f1@VERS_1.0 and f2@VERS_2.0, a consumer
/// linked against it that calls both, and an old provider with the same soname defining only VERS_1.0.
/// </summary>
public sealed class TestLibraries : IDisposable
{
    /// <summary>The soname the consumer's version needs name (its vn_file).</summary>
    public const string ProviderSoname = "libprovider.so.1";

    private readonly TempDirectory _root = new();

    /// <summary>Compiles the libraries (only when g++ is available; otherwise the tests are skipped).</summary>
    public TestLibraries()
    {
        if (CompilerPath is null)
        {
            return;
        }

        var newDirectory = Directory.CreateDirectory(Path.Combine(_root.Path, "new")).FullName;
        var oldDirectory = Directory.CreateDirectory(Path.Combine(_root.Path, "old")).FullName;
        Provider = Compile(newDirectory, ProviderSoname,
            """extern "C" int f1() { return 1; } extern "C" int f2() { return 2; }""",
            "VERS_1.0 { global: f1; local: *; };\nVERS_2.0 { global: f2; } VERS_1.0;\n",
            $"-Wl,-soname,{ProviderSoname}");
        OldProvider = Compile(oldDirectory, ProviderSoname,
            """extern "C" int f1() { return 1; }""",
            "VERS_1.0 { global: f1; local: *; };\n",
            $"-Wl,-soname,{ProviderSoname}");
        Consumer = Compile(newDirectory, "libconsumer.so",
            """extern "C" int f1(); extern "C" int f2(); extern "C" int both() { return f1() + f2(); }""",
            versionScript: null,
            $"-L{newDirectory} -l:{ProviderSoname} -Wl,-rpath,$ORIGIN");
    }

    /// <summary>Full path of g++, or null when it is not on PATH.</summary>
    public static string? CompilerPath { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "g++"))
            .FirstOrDefault(File.Exists);

    /// <summary>Defines VERS_1.0 (f1) and VERS_2.0 (f2).</summary>
    public string Provider { get; } = string.Empty;

    /// <summary>Same soname, defines only VERS_1.0 (f1).</summary>
    public string OldProvider { get; } = string.Empty;

    /// <summary>Needs VERS_1.0 and VERS_2.0 from <see cref="ProviderSoname"/>; RUNPATH $ORIGIN.</summary>
    public string Consumer { get; } = string.Empty;

    /// <inheritdoc />
    public void Dispose() => _root.Dispose();

    private static string Compile(string directory, string fileName, string source, string? versionScript, string linkOptions)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName.Replace(".so.1", ".so", StringComparison.Ordinal));
        var sourcePath = Path.Combine(directory, stem + ".cpp");
        File.WriteAllText(sourcePath, source);
        var arguments = new List<string> { "-shared", "-fPIC", "-O0", "-o", Path.Combine(directory, fileName), sourcePath };
        if (versionScript is not null)
        {
            var scriptPath = Path.Combine(directory, stem + ".map");
            File.WriteAllText(scriptPath, versionScript);
            arguments.Add($"-Wl,--version-script={scriptPath}");
        }

        arguments.AddRange(linkOptions.Split(' '));
        var start = new ProcessStartInfo(CompilerPath!) { RedirectStandardError = true, UseShellExecute = false };
        arguments.ForEach(start.ArgumentList.Add);
        using var compiler = Process.Start(start)!;
        var errors = compiler.StandardError.ReadToEnd();
        compiler.WaitForExit();
        if (compiler.ExitCode != 0)
        {
            throw new InvalidOperationException($"g++ {string.Join(' ', arguments)} failed with exit code {compiler.ExitCode}:\n{errors}");
        }

        return Path.Combine(directory, fileName);
    }
}
