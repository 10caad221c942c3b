using RegBench.Engine.Experiments;
using RegBench.Engine.Torch;

namespace RegBench.Engine.Tests.Torch;

public sealed class DeviceChoiceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cpu_resolves_to_cpu_whether_or_not_cuda_is_available(bool cudaAvailable) =>
        Assert.Equal("cpu", DeviceChoice.Resolve("cpu", cudaAvailable));

    [Theory]
    [InlineData(false, "cpu")]
    [InlineData(true, "cuda")]
    public void Auto_is_cuda_when_cuda_is_available_and_cpu_otherwise(bool cudaAvailable, string expected) =>
        Assert.Equal(expected, DeviceChoice.Resolve("auto", cudaAvailable));

    [Fact]
    public void Cuda_is_chosen_when_cuda_is_available() =>
        Assert.Equal("cuda", DeviceChoice.Resolve("cuda", cudaAvailable: true, cudaBuild: true));

    [Fact]
    public void Auto_picks_the_cpu_in_this_cpu_build() =>
        Assert.Equal("cpu", DeviceChoice.Resolve("auto")); // the tests build against libtorch-cpu (TorchBackend=cpu)

    [Fact]
    public void Cuda_in_the_cpu_build_is_a_usage_error_naming_libtorch_cpu_and_the_build_switch()
    {
        var error = Assert.Throws<ConfigurationException>(() => DeviceChoice.Resolve("cuda"));

        Assert.StartsWith("--device: error RB", error.Message);
        Assert.Contains("uses libtorch-cpu", error.Message);
        Assert.Contains("-p:TorchBackend=cuda", error.Message);
        Assert.Contains("TorchSharp-cuda-linux", error.Message);
    }

    [Fact]
    public void Cuda_in_a_cuda_build_without_a_gpu_says_no_device_was_found()
    {
        var error = Assert.Throws<ConfigurationException>(() => DeviceChoice.Resolve("cuda", cudaAvailable: false, cudaBuild: true));

        Assert.Contains("no CUDA device was found", error.Message);
        Assert.DoesNotContain("libtorch-cpu", error.Message);
    }

    [Fact]
    public void An_unknown_device_is_a_configuration_error_listing_the_choices()
    {
        var error = Assert.Throws<ConfigurationException>(() => DeviceChoice.Resolve("gpu0"));

        Assert.Contains("'gpu0' is not a device; use one of cpu, cuda, auto", error.Message);
    }
}
