namespace AutoBuild.Runtime;

/// <summary>How <see cref="SearchSpace.SampleDistinct(int, System.Random, System.Func{Architecture, bool}?, DepthSampling)"/>
/// draws the decisions whose values allow different numbers of architectures: a stage's depth, or any decision
/// that switches other decisions on or off unevenly.</summary>
public enum DepthSampling
{
    /// <summary>Every architecture equally likely: a depth is drawn in proportion to the architectures it allows, so
    /// on a space with depth choices the deepest depth dominates (the default).</summary>
    Proportional,

    /// <summary>Every active decision's value equally likely, as OFA samples: each stage's depth is drawn uniformly,
    /// then its layers. On a space where no decision's values allow different numbers of architectures (a cell
    /// space, a space of fixed depth) this is the same draw as <see cref="Proportional"/>, row for row.</summary>
    Uniform,
}
