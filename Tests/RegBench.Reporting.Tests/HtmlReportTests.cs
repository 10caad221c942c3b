using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RegBench.Reporting.Tests;

public sealed class HtmlReportTests(GeneratedReport generated) : IClassFixture<GeneratedReport>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public void Html_report_is_self_contained()
    {
        var html = File.ReadAllText(Path.Combine(generated.Directory, "report.html"));

        Assert.Equal(generated.Report.Figures.Count, Regex.Matches(html, "src=\"data:image/png;base64,").Count);
        Assert.DoesNotMatch("(src|href)=\"https?:", html);
        Assert.Contains("<td class=\"best\">85.00 ± 0.00 [85.00, 85.00] / 0.400 ± 0.000 [0.400, 0.400]</td>", html);
    }

    [Fact]
    public void Html_report_renders_every_image_in_headless_chromium_without_errors()
    {
        if (!File.Exists(Chromium))
        {
            Console.WriteLine($"skipped: {Chromium} is not installed (apt-get install -y chromium)");
            return;
        }
        var page = new Uri(Path.Combine(generated.Directory, "report.html")).AbsoluteUri;
        var (dom, domLog) = RunChromium("--dump-dom", page);
        var screenshot = Path.Combine(GeneratedReport.Artifacts, "report-screenshot.png");
        File.Delete(screenshot);
        var (_, shotLog) = RunChromium($"--screenshot={screenshot}", "--window-size=1400,2400", page);

        Assert.Contains($"images={generated.Report.Figures.Count} broken=0", dom);
        Assert.Matches("<pre id=\"errors\" hidden=\"\"></pre>", dom);
        Assert.DoesNotMatch("Uncaught|CONSOLE\\(\\d+\\).*[Ee]rror", domLog + shotLog);
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, $"no screenshot at {screenshot}\n{shotLog}");
        File.Copy(Path.Combine(generated.Directory, "report.html"), Path.Combine(GeneratedReport.Artifacts, "report.html"), overwrite: true);
    }

    private static (string Output, string Log) RunChromium(params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("regbench-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", $"--user-data-dir={profile}" })
                start.ArgumentList.Add(arg);
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var log = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium {string.Join(' ', args)} ran over 90 s");
            }
            return (output.Result, log.Result);
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        }
    }
}
