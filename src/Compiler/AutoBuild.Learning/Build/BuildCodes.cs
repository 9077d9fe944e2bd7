namespace AutoBuild.Learning.Build;

/// <summary>AB4xxx diagnostics of construction and constraints (docs/diagnostics.md).</summary>
public static class BuildCodes
{
    /// <summary>No architecture satisfies the budgets; the message says the smallest achievable value.</summary>
    public const string Infeasible = "AB4001";
    /// <summary>Stage costs are not additive; constructed architectures were re-checked (warning).</summary>
    public const string NotAdditive = "AB4002";
    /// <summary>The latency column is missing or incomplete.</summary>
    public const string LatencyColumn = "AB4003";
    /// <summary>The space is too large to enumerate modules exhaustively; they come from a sample (warning).</summary>
    public const string SampledModules = "AB4004";
    /// <summary>An invalid build option.</summary>
    public const string BadOption = "AB4005";
    /// <summary>Too few distinct labelled architectures to train.</summary>
    public const string TooFewLabels = "AB4006";
    /// <summary>The constrained construction reached its work limit; its result is the best found within it (warning).</summary>
    public const string ConstructionLimit = "AB4007";
    /// <summary>No labelled architecture satisfies the budgets; best lists predicted ones only (warning).</summary>
    public const string NoLabelledFits = "AB4008";
    /// <summary>Labelled architectures equivalent to another labelled one were merged (warning).</summary>
    public const string EquivalentLabels = "AB4009";
    /// <summary>The space has nothing a build can learn or choose: one architecture, or no graph encoding.</summary>
    public const string NothingToBuild = "AB4010";
    /// <summary>Warning: a macro stage has more configurations than a build scores one by one (StageConfigurations.MaxPerStage); it scores a sample.</summary>
    public const string TooManyStageConfigurations = "AB4011";
    /// <summary>Warning: labelled architectures look like failed runs the other labels do not anticipate; the importance counts them at their prediction.</summary>
    public const string FailedRuns = "AB4012";
    /// <summary>Warning: every labelled architecture has the same target; nothing tells architectures apart, so no unmeasured one is judged to beat them.</summary>
    public const string ConstantTarget = "AB4013";
    /// <summary>Warning (located at the decision in the spec): a decision's highest importance belongs to a value fewer than
    /// ImportanceEntry.MinLabels labels have, so its "best value" is the predictor's extrapolation.</summary>
    public const string ImportanceExtrapolated = "AB4014";
    /// <summary>Warning: no labelled architecture ignores its input, yet some decision values make backgrounds such a
    /// network, so their importance rests on predictions for networks no label shows.</summary>
    public const string InputIgnoringUnmeasured = "AB4015";
}
