using System.Reflection;

namespace RegBench.Cli.Tests;

/// <summary>
/// templates/regbench-plugin installed into a private template hive (never the user's), and one plugin made from it,
/// built and tested against this checkout once for every test of <see cref="PluginTemplateTests"/>.
/// </summary>
public sealed class PluginTemplateFixture : IDisposable
{
    /// <summary>The -n of the plugin every test starts from (not the template's own name, so renaming is exercised).</summary>
    public const string ProjectName = "Contoso.RowNorm";

    /// <summary>The --plugin-name it gets.</summary>
    public const string PluginName = "row-max-norm";

    private static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(5);
    private readonly TempDirectory folder = new();

    /// <summary>Installs the template, creates <see cref="ProjectName"/> and runs `dotnet test` on its solution.</summary>
    public PluginTemplateFixture()
    {
        Install = Dotnet(folder.Path, "new", "install", Path.Combine(RepoRoot, "templates", "regbench-plugin"), "--debug:custom-hive", Hive);
        if (Install.ExitCode != 0) return;
        Plugin = New(ProjectName, "--plugin-name", PluginName, "--regbench-root", RepoRoot);
        Test = Plugin.ExitCode == 0 ? Dotnet(Folder(ProjectName), "test", $"{ProjectName}.slnx", "-c", Configuration) : Plugin;
    }

    /// <summary>The checkout these tests run in: the first folder above the test assembly holding RegBench.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The configuration the tests were built in; the plugin is built in the same one, so the checkout's projects are up to date.</summary>
    public static string Configuration { get; } =
        typeof(PluginTemplateFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>`dotnet new install templates/regbench-plugin`.</summary>
    public Regbench.Result Install { get; }

    /// <summary>`dotnet new regbench-plugin -n Contoso.RowNorm …` (or the failed install).</summary>
    public Regbench.Result Plugin { get; } = new(-1, "", "not run: the template did not install");

    /// <summary>`dotnet test Contoso.RowNorm.slnx` (or the failed step before it).</summary>
    public Regbench.Result Test { get; } = new(-1, "", "not run: the template did not install");

    /// <summary>Where the built plugin is: the folder to give `regbench run --plugins`.</summary>
    public string PluginOutput => Path.Combine(Folder(ProjectName), "src", ProjectName, "bin", Configuration, "net10.0");

    /// <summary>The private template hive.</summary>
    private string Hive => folder.File("hive");

    /// <summary>The folder `dotnet new` created for <paramref name="projectName"/>.</summary>
    public string Folder(string projectName) => folder.File(projectName);

    /// <summary>`dotnet new regbench-plugin -n NAME -o FOLDER OPTIONS` from the private hive.</summary>
    public Regbench.Result New(string projectName, params string[] options)
    {
        string[] args = ["new", "regbench-plugin", "-n", projectName, "-o", Folder(projectName), "--debug:custom-hive", Hive, .. options];
        return Dotnet(folder.Path, args);
    }

    /// <summary>`dotnet ARGS` as a user runs it: no MSBuild state inherited from the test run, no REGBENCH_ROOT, no build servers kept.</summary>
    public static Regbench.Result Dotnet(string workingDirectory, params string[] args) => Dotnet(workingDirectory, null, args);

    /// <summary>`dotnet ARGS` with extra environment variables (null removes one).</summary>
    public static Regbench.Result Dotnet(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var variables = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(name => name, _ => (string?)null);
        variables["REGBENCH_ROOT"] = null;
        variables["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        variables["DOTNET_NOLOGO"] = "1";
        variables["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        variables["DOTNET_CLI_UI_LANGUAGE"] = "en";
        variables["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) variables[name] = value;
        return ChildProcess.Run("dotnet", workingDirectory, variables, DotnetTimeout, args);
    }

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "RegBench.sln"))) return directory.FullName;
        throw new InvalidOperationException($"No RegBench.sln above {AppContext.BaseDirectory}: these tests run from the checkout's build output.");
    }
}
