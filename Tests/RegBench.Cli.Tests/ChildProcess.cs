using System.Diagnostics;

namespace RegBench.Cli.Tests;

/// <summary>Runs a command as a child process and collects its exit code and both output streams.</summary>
public static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="fileName"/> ARGS in <paramref name="workingDirectory"/>; an <paramref name="environment"/>
    /// value of null removes that variable. Kills the process tree and throws past <paramref name="timeout"/>.
    /// </summary>
    public static Regbench.Result Run(string fileName, string workingDirectory, IReadOnlyDictionary<string, string?>? environment,
        TimeSpan timeout, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} ran over {timeout.TotalMinutes} minutes");
        }
        return new Regbench.Result(process.ExitCode, output.Result, error.Result);
    }
}
