using System.CommandLine;
using RegBench.Engine;
using RegBench.Results;

namespace RegBench.Cli.Commands;

/// <summary>`regbench merge OUT.db A.db B.db …`: one store from the SQLite stores of a sharded run, each cell once.</summary>
public sealed class MergeCommand
{
    private readonly Argument<string> output = new("OUT") { Description = "The merged store to create (must not exist)." };
    private readonly Argument<string[]> inputs = new("SHARD") { Description = "Shard stores written by `regbench run --shard K/N --store FILE`.", Arity = ArgumentArity.OneOrMore };

    /// <summary>The System.CommandLine definition.</summary>
    public Command Build()
    {
        var command = new Command("merge", "Combine SQLite shard stores into a new one; a cell in two shards keeps its more complete copy (done, then more epochs).")
            { output, inputs };
        command.SetAction(parse => CommandErrors.Guard(() => Execute(parse)));
        return command;
    }

    private int Execute(ParseResult parse)
    {
        var result = ShardMerger.Merge(parse.GetValue(output)!, parse.GetValue(inputs) ?? []);
        foreach (var duplicate in result.Duplicates) Console.WriteLine($"duplicate {duplicate}");
        Console.WriteLine($"merged {(parse.GetValue(inputs) ?? []).Length} stores into {result.Output}: {result.Cells} cells, {result.Epochs} epoch rows, {result.Duplicates.Count} duplicates resolved");
        return ExitCodes.Ok;
    }
}
