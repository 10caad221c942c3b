// Polyfills for netstandard2.0 so this assembly can use records and init accessors.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit;
}
