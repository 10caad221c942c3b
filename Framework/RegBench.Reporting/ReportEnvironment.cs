using System.Diagnostics;
using RegBench.Results;

namespace RegBench.Reporting;

/// <summary>Facts about where a report comes from that are not in the cells: time, machines, git commit, store path.</summary>
public sealed record ReportEnvironment(DateTimeOffset GeneratedUtc, string Machines, string GitCommit, string Store)
{
    /// <summary>Now, the machines recorded in the store's runs (else this machine), `git rev-parse HEAD` (else "unknown").</summary>
    public static ReportEnvironment Detect(IResultStore store, string storeDescription) =>
        new(DateTimeOffset.UtcNow, RunMachines(store) ?? Environment.MachineName, ReadGitCommit(), storeDescription);

    private static string? RunMachines(IResultStore store)
    {
        var machines = store.ReadRuns().Select(r => r.Machine).Distinct().Order(StringComparer.Ordinal).ToList();
        return machines.Count == 0 ? null : string.Join(", ", machines);
    }

    private static string ReadGitCommit()
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse HEAD") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start);
            if (process is null) return "unknown";
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(5000) && process.ExitCode == 0 && output.Length > 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
