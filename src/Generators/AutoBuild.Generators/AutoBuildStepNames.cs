namespace AutoBuild.Generators;

/// <summary>Tracking names of the generator's pipeline steps (asserted by the incrementality tests).</summary>
public static class AutoBuildStepNames
{
    public const string SpecFiles = "AutoBuild.SpecFiles";
    public const string ResultFiles = "AutoBuild.ResultFiles";
    public const string Results = "AutoBuild.Results";
    public const string CompiledSpecs = "AutoBuild.CompiledSpecs";
    public const string SpaceInputs = "AutoBuild.SpaceInputs";
    public const string SpaceResults = "AutoBuild.SpaceResults";
    public const string TorchSharp = "AutoBuild.TorchSharp";
    public const string Spaces = "AutoBuild.Spaces";
    public const string TorchSharpLayers = "AutoBuild.TorchSharpLayers";
}
