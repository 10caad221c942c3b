using System.Collections.Concurrent;
using System.Diagnostics;

namespace RegBench.Cli.Tests.Reliability;

/// <summary>
/// The real `regbench` as a child process the test can stop at will: SIGKILL, or a signal by name, at a moment the test
/// chooses (a time, or a line the process prints, such as a <c>regbench-fault-point</c> pause).
/// </summary>
public sealed class RegbenchProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> errorLines = new();
    private readonly ConcurrentQueue<string> outputLines = new();

    private RegbenchProcess(Process process) => this.process = process;

    /// <summary>Starts `regbench ARGS` in <paramref name="workingDirectory"/> with CI=true, REGBENCH_DATA unset and <paramref name="environment"/> (null removes).</summary>
    public static RegbenchProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "regbench.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["CI"] = "true";
        start.Environment.Remove("REGBENCH_DATA");
        foreach (var (name, value) in environment)
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        var child = new RegbenchProcess(Process.Start(start)!);
        child.process.ErrorDataReceived += (_, line) => { if (line.Data is not null) child.errorLines.Enqueue(line.Data); };
        child.process.OutputDataReceived += (_, line) => { if (line.Data is not null) child.outputLines.Enqueue(line.Data); };
        child.process.BeginErrorReadLine();
        child.process.BeginOutputReadLine();
        return child;
    }

    /// <summary>The process id.</summary>
    public int Id => process.Id;

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Its exit code (after exit).</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>Everything it printed on stderr so far.</summary>
    public string Error => string.Join('\n', errorLines);

    /// <summary>Everything it printed on stdout so far.</summary>
    public string Output => string.Join('\n', outputLines);

    /// <summary>Waits until a stderr line contains <paramref name="text"/> (true), or the process exits or time runs out (false).</summary>
    public bool WaitForError(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (errorLines.Any(l => l.Contains(text, StringComparison.Ordinal))) return true;
            if (process.HasExited)
            {
                process.WaitForExit(); // drains the output events
                return errorLines.Any(l => l.Contains(text, StringComparison.Ordinal));
            }
            Thread.Sleep(10);
        }
        return false;
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>Sends signal <paramref name="name"/> (e.g. TERM, INT) with kill(1).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the exit; false past <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout)) return false;
        process.WaitForExit();
        return true;
    }

    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"--- stdout\n{Output}\n--- stderr\n{Error}";

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
