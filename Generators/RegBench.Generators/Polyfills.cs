// Polyfills for netstandard2.0 so the generator can use records, init accessors and primary constructors.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit;
}
