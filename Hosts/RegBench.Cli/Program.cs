using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RegBench.Cli.Commands;
using RegBench.Cli.Rendering;
using RegBench.Engine;

// The host: services and commands composed in one place; each command parses, delegates, and returns an exit code.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = args });
builder.Services.AddSingleton<ConsoleRunProgress>();
builder.Services.AddSingleton<RunCommand>();
builder.Services.AddSingleton<ResumeCommand>();
builder.Services.AddSingleton<ListCommand>();
builder.Services.AddSingleton<ValidateCommand>();
builder.Services.AddSingleton<ExportCommand>();
builder.Services.AddSingleton<InspectCommand>();
builder.Services.AddSingleton<NormsCommand>();
builder.Services.AddSingleton<ReportCommand>();
builder.Services.AddSingleton<DescribeCommand>();
builder.Services.AddSingleton<SchemaCommand>();
builder.Services.AddSingleton<BenchCommand>();
builder.Services.AddSingleton<WorkerCommand>();
builder.Services.AddSingleton<MergeCommand>();
builder.Services.AddSingleton<SlurmCommand>();
using var host = builder.Build();

var root = new RootCommand("RegBench: benchmark weight regularizers across architectures and datasets.")
{
    host.Services.GetRequiredService<RunCommand>().Build(),
    host.Services.GetRequiredService<ResumeCommand>().Build(),
    host.Services.GetRequiredService<ListCommand>().Build(),
    host.Services.GetRequiredService<ValidateCommand>().Build(),
    host.Services.GetRequiredService<ExportCommand>().Build(),
    host.Services.GetRequiredService<InspectCommand>().Build(),
    host.Services.GetRequiredService<NormsCommand>().Build(),
    host.Services.GetRequiredService<ReportCommand>().Build(),
    host.Services.GetRequiredService<DescribeCommand>().Build(),
    host.Services.GetRequiredService<SchemaCommand>().Build(),
    host.Services.GetRequiredService<BenchCommand>().Build(),
    host.Services.GetRequiredService<WorkerCommand>().Build(),
    host.Services.GetRequiredService<MergeCommand>().Build(),
    host.Services.GetRequiredService<SlurmCommand>().Build(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("Run 'regbench --help' for usage.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
