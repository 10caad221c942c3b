using RegBench.NativeCompat;

const string usage = """
    usage: RegBench.NativeCompat weaken <library-or-directory>...
           RegBench.NativeCompat check <native-directory>
    """;

return args switch
{
    ["weaken", .. var paths] when paths.Length > 0 => new WeakenCommand(Console.Out, Console.Error).Run(paths),
    ["check", var nativeDirectory] => new CheckCommand(Console.Out).Run(nativeDirectory),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(usage);
    return ExitCodes.Usage;
}
