namespace AutoBuild.Runtime;

/// <summary>How a space writes its architectures as text (docs/spec-language.md, "Canonical architecture strings").
/// Chosen from the space's structure so that the benchmarks' own strings parse unchanged.</summary>
public enum CanonicalEncoding
{
    /// <summary>Cell spaces whose decisions are all edge ops: the NAS-Bench-201 string
    /// <c>|op~0|+|op~0|op~1|+|op~0|op~1|op~2|</c> (one <c>+</c>-group per target node, <c>op~source</c>).</summary>
    CellEdges,
    /// <summary>Macro spaces of numeric resolution/depth/kernel/expand/width decisions:
    /// <c>r224|s1:d3:k3e4,k5e6,k7e3|s2:...</c> (inactive layers left out).</summary>
    MacroCompact,
    /// <summary>Unconditional macro spaces with at most 10 values per decision: one digit (choice index) per
    /// decision in declaration order, the NAS-Bench-Macro string (<c>22212220</c>).</summary>
    MacroDigits,
    /// <summary>Every other space: each decision's value in declaration order, <c>-</c> for an inactive one,
    /// separated by <c>|</c>.</summary>
    Generic,
}
