namespace AutoBuild.Runtime.Generated;

/// <summary>One architecture reported by an AutoBuild run (<c>&lt;Space&gt;.autobuild.json</c>), as generated code
/// exposes it in <c>&lt;Space&gt;.Ranked</c>: the typed architecture with its predicted target and costs.</summary>
/// <typeparam name="TArchitecture">The space's generated architecture type.</typeparam>
public sealed class PredictedArchitecture<TArchitecture> where TArchitecture : class
{
    public PredictedArchitecture(int rank, string method, TArchitecture architecture, string target, double predicted, double? measured, long @params, long flops)
        : this(rank, method, architecture, target, predicted, measured, @params, flops, null, null)
    {
    }

    public PredictedArchitecture(int rank, string method, TArchitecture architecture, string target, double predicted, double? measured, long @params, long flops,
        double? probabilityOfImprovement, double? expectedImprovement)
    {
        ProbabilityOfImprovement = probabilityOfImprovement;
        ExpectedImprovement = expectedImprovement;
        Rank = rank;
        Method = method;
        Architecture = architecture;
        Target = target;
        Predicted = predicted;
        Measured = measured;
        Params = @params;
        Flops = flops;
    }

    /// <summary>1 for the best.</summary>
    public int Rank { get; }
    /// <summary>How the run produced it: "construct", "construct-constrained", "prune+exhaustive", "prune+search", "trust-region", "labelled".</summary>
    public string Method { get; }
    public TArchitecture Architecture { get; }
    /// <summary>The target column or expression the run optimised.</summary>
    public string Target { get; }
    /// <summary>The predictor's estimate of the target.</summary>
    public double Predicted { get; }
    /// <summary>The measured target when the architecture was labelled, else null.</summary>
    public double? Measured { get; }
    /// <summary>Parameter count (the cost model's).</summary>
    public long Params { get; }
    /// <summary>Multiply-accumulates per image (the cost model's).</summary>
    public long Flops { get; }
    /// <summary>True when the value that counts is a measurement (<see cref="Measured"/>), false when it is a prediction.</summary>
    public bool IsMeasured => Measured.HasValue;
    /// <summary>Calibrated probability that an unmeasured architecture beats the best measured one; null when measured.</summary>
    public double? ProbabilityOfImprovement { get; }
    /// <summary>Expected improvement over the best measured target; null when measured.</summary>
    public double? ExpectedImprovement { get; }

    public override string ToString() => Rank.ToString(System.Globalization.CultureInfo.InvariantCulture) + ". " + Architecture;
}
