using AutoBuild.Runtime.Cost;

namespace AutoBuild.Runtime;

public sealed partial class SearchSpace
{
    /// <summary>Parameter count of an architecture (see <see cref="CostModel"/>).</summary>
    public long Params(Architecture architecture) => CostModel.Params(Instantiate(architecture));

    /// <summary>Multiply-accumulates per image of an architecture (see <see cref="CostModel"/>).</summary>
    public long Flops(Architecture architecture) => CostModel.Flops(Instantiate(architecture));
}
