namespace AutoBuild.Learning.Labels;

/// <summary>The AB2xxx diagnostic codes of the labels CSV and the target expression (docs/diagnostics.md).</summary>
public static class LabelCodes
{
    /// <summary>The file is empty or has a header but no data rows.</summary>
    public const string Empty = "AB2001";
    /// <summary>CSV syntax: unterminated quoted field, text after a closing quote.</summary>
    public const string Syntax = "AB2002";
    /// <summary>A row has more or fewer fields than the header.</summary>
    public const string Ragged = "AB2003";
    /// <summary>Two header columns have the same name.</summary>
    public const string DuplicateColumn = "AB2004";
    /// <summary>Neither every decision column nor an <c>arch</c> column.</summary>
    public const string MissingDecisions = "AB2005";
    /// <summary>A decision column holds a value outside the decision's domain.</summary>
    public const string UnknownValue = "AB2006";
    /// <summary>An active decision is empty.</summary>
    public const string MissingValue = "AB2007";
    /// <summary>An inactive decision has a value.</summary>
    public const string InactiveValue = "AB2008";
    /// <summary>An <c>arch</c> cell is not a canonical string of the space.</summary>
    public const string BadArch = "AB2009";
    /// <summary>The <c>arch</c> cell and the decision columns describe different architectures.</summary>
    public const string ArchMismatch = "AB2010";
    /// <summary>A column the target uses holds a value that is not a number (or is empty).</summary>
    public const string NotNumeric = "AB2011";
    /// <summary>A column the target uses holds NaN or an infinity.</summary>
    public const string NotFinite = "AB2012";
    /// <summary>The target evaluates to NaN or an infinity in a row (division by zero, log of 0, ...).</summary>
    public const string TargetNotFinite = "AB2013";
    /// <summary>Warning: the same architecture appears in several rows; the target is averaged.</summary>
    public const string Duplicate = "AB2014";
    /// <summary>The target names a column the header does not have.</summary>
    public const string MissingTargetColumn = "AB2015";
    /// <summary>The target expression does not parse.</summary>
    public const string TargetSyntax = "AB2016";
    /// <summary>Warning: an empty line between rows was skipped.</summary>
    public const string BlankLine = "AB2017";
    /// <summary>More diagnostics of one code than are worth printing; the rest are counted.</summary>
    public const string TooMany = "AB2018";
    /// <summary><c>autobuild cost</c>: the cost model cannot instantiate a row's architecture (impossible shapes).</summary>
    public const string CostFailed = "AB2019";
    /// <summary>Warning, <c>autobuild cost</c>: the CSV already has a params/flops column; the new one gets another name.</summary>
    public const string CostColumnRenamed = "AB2020";
    /// <summary><c>autobuild cost</c>/<c>sample</c>: the output path is one of the inputs, which are never overwritten.</summary>
    public const string OutputIsInput = "AB2021";
    /// <summary>The output file cannot be written.</summary>
    public const string CannotWrite = "AB2022";
    /// <summary><c>autobuild sample</c>: the space (or its part within the budgets) has fewer architectures than asked for.</summary>
    public const string TooFewArchitectures = "AB2023";
    /// <summary>Warning: a column read as a metric looks like an architecture decision (a misspelt decision of the space,
    /// or a choice such as resolution that the spec lacks).</summary>
    public const string LooksLikeDecision = "AB2024";
    /// <summary>A row's decision values, each valid, do not form an architecture of the space (a NAS-Bench-101 graph
    /// without an input→output path, or with more edges than the space allows after pruning).</summary>
    public const string NotAnArchitecture = "AB2025";
    /// <summary>A cell of the reserved <see cref="LabelsReader.PredictedColumn"/> (what an earlier build predicted for a
    /// candidate row) is neither empty nor a finite number.</summary>
    public const string BadPredicted = "AB2026";
}
