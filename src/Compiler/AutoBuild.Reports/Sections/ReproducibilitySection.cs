using System.Collections.Generic;
using System.Linq;
using AutoBuild.Reports.Document;
using static AutoBuild.Reports.Sections.ReportContext;

namespace AutoBuild.Reports.Sections;

/// <summary>Everything needed to reproduce the run and to tell two runs apart.</summary>
internal static class ReproducibilitySection
{
    public const string Id = "reproducibility";

    public static Section Build(ReportContext ctx)
    {
        var r = ctx.Result;
        var p = r.Predictor;
        var t = new TableBuilder("", "", "value");
        t.Row("space", r.Space + (r.Kind.Length > 0 ? " (" + r.Kind + " space)" : ""));
        if (!string.IsNullOrEmpty(r.Namespace)) t.Row("namespace", r.Namespace);
        t.Row("space size", ctx.SpaceSize + " architectures");
        t.Row("target", Code(r.Target));
        t.Row("spec hash", Code(r.SpecHash));
        t.Row("labels hash", Code(r.LabelsHash));
        t.Row("labelled architectures", Fmt.Count(r.LabelledTotal));
        t.Row("seed", Int(r.Seed));
        t.Row("tool", r.Tool);
        t.Row("result schema version", Int(r.SchemaVersion));
        t.Row("predictor", p.Gnn + ", hidden " + Int(p.Hidden) + ", " + Int(p.Layers) + " layers, " + Int(p.Epochs) + " epochs, batch " + Int(p.Batch) +
                           ", lr " + Fmt.Plain(p.LearningRate) + ", λ " + Fmt.Plain(p.Lambda));
        t.Row("training time", TrainingTime(p.TrainSeconds));
        var c = r.Constraints;
        t.Row("budget", c.MaxFlops is null && c.MaxParams is null && c.MaxLatency is null
            ? "none"
            : string.Join(", ", new[]
            {
                c.MaxFlops is { } f ? "FLOPs ≤ " + Fmt.Count((long)f) : null,
                c.MaxParams is { } pa ? "params ≤ " + Fmt.Count((long)pa) : null,
                c.MaxLatency is { } l ? "latency ≤ " + Fmt.Sig(l, 4) + (c.LatencyColumn is { Length: > 0 } col ? " (" + col + ")" : "") : null,
            }.Where(s => s is not null)));

        return new Section(Id, "Reproducibility",
            "The same spec, labels, seed and tool version give the same result and the same report, byte for byte. The hashes identify the exact inputs.",
            new List<Block> { t.Build() });
    }
}
