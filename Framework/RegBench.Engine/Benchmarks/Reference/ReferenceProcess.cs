using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// A child process spoken to in JSON lines: one request object per line on its stdin, one reply object per line on its
/// stdout (<c>{"ok": true, …}</c> or <c>{"ok": false, "error": "…"}</c>). Its stderr is kept (the last few KB) for messages.
/// </summary>
internal sealed class ReferenceProcess : IDisposable
{
    private const int StderrKeptChars = 4000;
    private readonly Process process;
    private readonly StringBuilder stderr = new();

    private ReferenceProcess(Process process)
    {
        this.process = process;
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (stderr)
            {
                stderr.AppendLine(line.Data);
                if (stderr.Length > StderrKeptChars) stderr.Remove(0, stderr.Length - StderrKeptChars);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/>; a program that cannot be started is a <see cref="Win32Exception"/>.</summary>
    public static ReferenceProcess Start(string executable, params string[] arguments)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["PYTHONUNBUFFERED"] = "1";
        return new ReferenceProcess(Process.Start(info) ?? throw new Win32Exception($"could not start {executable}"));
    }

    /// <summary>The last lines the process wrote on stderr (trimmed), for error messages.</summary>
    public string StderrTail
    {
        get
        {
            lock (stderr) return stderr.ToString().Trim();
        }
    }

    /// <summary>The next reply line as a JSON object; <see cref="ReferenceException"/> when the process ends, answers garbage or takes longer than <paramref name="timeout"/>.</summary>
    public JsonObject Read(TimeSpan timeout)
    {
        var pending = process.StandardOutput.ReadLineAsync();
        if (!pending.Wait(timeout))
        {
            Kill();
            throw new ReferenceException($"no answer within {timeout.TotalSeconds:0} s; stopped it.");
        }
        var line = pending.Result;
        if (line is null)
        {
            process.WaitForExit(5000);
            var tail = StderrTail;
            throw new ReferenceException($"it exited{(process.HasExited ? $" with code {process.ExitCode}" : "")} without answering" +
                                         (tail.Length > 0 ? $": {LastLine(tail)}" : "."));
        }
        try
        {
            return JsonNode.Parse(line) as JsonObject ?? throw new ReferenceException($"answered '{Shorten(line)}', not a JSON object.");
        }
        catch (System.Text.Json.JsonException)
        {
            throw new ReferenceException($"answered '{Shorten(line)}', not JSON.");
        }
    }

    /// <summary>Sends <paramref name="request"/> and returns its reply; a reply with ok false is a <see cref="ReferenceException"/> carrying its error.</summary>
    public JsonObject Request(JsonObject request, TimeSpan timeout)
    {
        try
        {
            process.StandardInput.WriteLine(request.ToJsonString());
            process.StandardInput.Flush();
        }
        catch (IOException error)
        {
            throw new ReferenceException($"its stdin is closed ({error.Message}){(StderrTail is { Length: > 0 } tail ? $": {LastLine(tail)}" : "")}");
        }
        var reply = Read(timeout);
        return Succeeded(reply) ? reply : throw new ReferenceException(reply["error"]?.GetValue<string>() ?? reply.ToJsonString());
    }

    /// <summary>True when <paramref name="reply"/> says <c>"ok": true</c>.</summary>
    public static bool Succeeded(JsonObject reply) => reply["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var value) && value;

    /// <summary>Asks nothing more: closes stdin, waits briefly for the exit, then kills what is left.</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.Close();
                if (!process.WaitForExit(3000)) Kill();
            }
        }
        catch (Exception error) when (error is IOException or InvalidOperationException)
        {
            // already gone
        }
        process.Dispose();
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    private static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}

/// <summary>The reference process failed: the message says what it did (its own error line, or how it ended).</summary>
public sealed class ReferenceException(string message) : Exception(message);
