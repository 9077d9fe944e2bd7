namespace AutoBuild.TorchSharp.Tests.Infrastructure;

/// <summary>What every test class here does first: make libtorch loadable, and use one intra-op thread. `dotnet test`
/// runs the test projects side by side, and libtorch's OpenMP workers spin while they wait, so two threads on a busy
/// 2-core machine made one OFA forward pass 6 s instead of 0.8 s.</summary>
internal static class TorchTestSetup
{
    private static readonly Lazy<bool> s_done = new(() =>
    {
        AutoBuild.Training.NativeGlue.LibTorchGlue.EnsureLoadable();
        global::TorchSharp.torch.set_num_threads(1);
        return true;
    });

    public static void Ensure() => _ = s_done.Value;
}
