namespace RegBench.Cli.Tests;

/// <summary>Runs the real `regbench` executable (built beside the tests, with its plugins) as a child process.</summary>
public static class Regbench
{
    /// <summary>Exit code, standard output and standard error of one run.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>Both streams, for assertion messages.</summary>
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    /// <summary>Runs `regbench ARGS` in <paramref name="workingDirectory"/> with CI=true and REGBENCH_DATA unset (unless given).</summary>
    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var variables = new Dictionary<string, string?> { ["CI"] = "true", ["REGBENCH_DATA"] = null };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) variables[name] = value;
        return ChildProcess.Run("dotnet", workingDirectory, variables, TimeSpan.FromMinutes(5),
            [Path.Combine(AppContext.BaseDirectory, "regbench.dll"), .. args]);
    }

    /// <summary>Runs `regbench ARGS` with the default environment.</summary>
    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);
}
