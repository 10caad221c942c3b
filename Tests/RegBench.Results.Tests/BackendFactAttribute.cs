using Xunit.Abstractions;
using Xunit.Sdk;

namespace RegBench.Results.Tests;

/// <summary>
/// A fact of the store contract suite: written once on <see cref="ResultStoreContract"/>, run by each backend's
/// subclass, and skipped with the reason where that subclass's backend is not available here (PostgreSQL without
/// REGBENCH_TEST_POSTGRES). xunit 2 decides skips per method, so the class is asked through this discoverer.
/// </summary>
[XunitTestCaseDiscoverer("RegBench.Results.Tests.BackendFactDiscoverer", "RegBench.Results.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class BackendFactAttribute : FactAttribute;

/// <summary>Makes a test case per backend subclass, skipped when <see cref="ResultStoreContract.SkipReasonFor"/> says so.</summary>
public sealed class BackendFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo fact)
    {
        var skip = ResultStoreContract.SkipReasonFor(method.TestClass.Class.ToRuntimeType());
        yield return skip is null
            ? new XunitTestCase(diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method)
            : new XunitSkippedDataRowTestCase(diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, skip);
    }
}
