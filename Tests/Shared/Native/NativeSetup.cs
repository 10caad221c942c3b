using System.Runtime.CompilerServices;

namespace RegBench.Tests.Shared;

/// <summary>Applies RegBench's native defaults (oneDNN ISA cap) when the test assembly loads, before any test touches torch.</summary>
internal static class NativeSetup
{
    [ModuleInitializer]
    internal static void Apply() => RegBench.Abstractions.NativeDefaults.EnsureApplied();
}
