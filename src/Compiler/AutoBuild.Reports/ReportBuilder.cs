using AutoBuild.Spec.Results;
using AutoBuild.Reports.Document;
using AutoBuild.Reports.Sections;

namespace AutoBuild.Reports;

/// <summary>Turns a result into the report's content: the same sections, in the same order, for Markdown and HTML.</summary>
internal static class ReportBuilder
{
    /// <summary>Every section's anchor, in page order.</summary>
    public static readonly string[] SectionIds =
    {
        SummarySection.Id, CandidatesSection.Id, NetworkSection.Id, PredictorSection.Id, ImportanceSection.Id, ModulesSection.Id, TradeoffSection.Id, ReproducibilitySection.Id,
    };

    public static ReportDocument Build(AutoBuildResult result)
    {
        var ctx = new ReportContext(result);
        var subtitle = (result.Kind.Length > 0 ? result.Kind + " space" : "search space") + " · target " + ReportContext.Code(ctx.TargetName) + " · " +
                       Fmt.Count(result.LabelledTotal) + " labelled of " + ctx.SpaceSize + " architectures · seed " + ReportContext.Int(result.Seed);
        return new ReportDocument("AutoBuild report: " + (result.Space.Length > 0 ? result.Space : "unnamed space"), subtitle, new[]
        {
            SummarySection.Build(ctx),
            CandidatesSection.Build(ctx),
            NetworkSection.Build(ctx),
            PredictorSection.Build(ctx),
            ImportanceSection.Build(ctx),
            ModulesSection.Build(ctx),
            TradeoffSection.Build(ctx),
            ReproducibilitySection.Build(ctx),
        });
    }

    public static string Footer(AutoBuildResult result) =>
        "Written by " + (result.Tool.Length > 0 ? result.Tool : "AutoBuild") + " from " + ReportContext.Code(result.Space + ".autobuild.json") +
        ". Self-contained: no scripts, no external files. The Markdown report next to it carries the same content as tables.";
}
