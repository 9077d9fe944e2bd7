namespace AutoBuild.Spec;

/// <summary>The hard limits of the spec language (docs/spec-language.md, "Limits"). Each keeps a hostile or mistaken
/// spec cheap and is reported as a located diagnostic when crossed; real spaces stay far below every one.</summary>
public static class SpecLimits
{
    /// <summary>YAML nesting ('[', '{' and indented blocks), checked while reading (AB1013).</summary>
    public const int MaxYamlNesting = 64;

    /// <summary>How deep layers may nest, user-op expansions included (AB1011). The binder, the runtime and the
    /// generated C# all recurse over the layer tree; a chain of 4,240 ops overflowed the stack. Real specs nest
    /// fewer than 10 deep.</summary>
    public const int MaxLayerNesting = 100;

    /// <summary>Largest stage depth (AB1003; ResNet-152 needs 36). Checking shapes tries every depth value, so
    /// depths of thousands made validation, and the IDE analyzer, take minutes.</summary>
    public const int MaxStageDepth = 100;

    /// <summary>Largest cell/DAG repeat count (AB1012; NAS-Bench-201 uses 5).</summary>
    public const int MaxRepeat = 100;

    /// <summary>Layers after expansion (AB1011).</summary>
    public const int MaxLayers = 100_000;

    /// <summary>Decisions (AB1011; the largest real spaces have about 120).</summary>
    public const int MaxDecisions = 10_000;
}
