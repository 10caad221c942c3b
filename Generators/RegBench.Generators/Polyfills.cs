// Polyfills for netstandard2.0 so the generator can use records and init accessors.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit;
}
