using RegBench.Engine.Experiments;
using RegBench.Engine.Torch;

namespace RegBench.Engine.Tests.Torch;

public sealed class DeviceChoiceTests
{
    [Theory]
    [InlineData("cpu", false)]
    [InlineData("cpu", true)]
    [InlineData("auto", false)]
    [InlineData("auto", true)]
    public void Cpu_and_auto_resolve_to_cpu_while_the_trainer_places_tensors_on_the_cpu(string requested, bool cudaAvailable) =>
        Assert.Equal("cpu", DeviceChoice.Resolve(requested, cudaAvailable));

    [Fact]
    public void Cuda_without_a_usable_gpu_is_an_environment_error_naming_the_cpu_build()
    {
        var error = Assert.Throws<EnvironmentException>(() => DeviceChoice.Resolve("cuda", cudaAvailable: false));

        Assert.Contains("-p:TorchBackend=cuda", error.Message);
    }

    [Fact]
    public void Cuda_with_a_gpu_is_refused_rather_than_recorded_for_a_cpu_run()
    {
        var error = Assert.Throws<EnvironmentException>(() => DeviceChoice.Resolve("cuda", cudaAvailable: true));

        Assert.Contains("would silently train on the CPU", error.Message);
    }

    [Fact]
    public void An_unknown_device_is_a_configuration_error()
    {
        Assert.Throws<ConfigurationException>(() => DeviceChoice.Resolve("gpu0", cudaAvailable: true));
    }
}
