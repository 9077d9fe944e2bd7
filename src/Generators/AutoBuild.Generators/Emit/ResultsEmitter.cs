using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Runtime;
using AutoBuild.Spec.Results;

namespace AutoBuild.Generators.Emit;

/// <summary>C# for one space's results (<c>&lt;Space&gt;.autobuild.json</c>): Best, Ranked and Candidates on the space's
/// partial class and, with TorchSharp, the explicit <c>&lt;Space&gt;BestModel</c>. A file of its own, apart from the
/// space (<see cref="SpaceEmitter"/>), so that a rebuild, which rewrites only the results, re-emits only this part.</summary>
public static class ResultsEmitter
{
    /// <summary>The hint name of the results file: the space's, with <c>.Results</c> before <c>.g.cs</c>.</summary>
    public static string HintName(SearchSpace space, string? fallbackNamespace) =>
        SpaceEmitter.HintName(space, fallbackNamespace).Replace(".g.cs", ".Results.g.cs");

    /// <summary>The generated source, or null when the results name no architecture of this space (none, stale or for
    /// another space).</summary>
    public static string? Emit(SearchSpace space, SpaceEmitOptions options)
    {
        var result = options.Result;
        var ranked = RankedEntries(space, result, result?.Best);
        if (result is null || ranked.Count == 0) return null;
        var typeName = CSharpSyntax.PascalCase(space.Name, "S");
        var ns = SpaceEmitter.NamespaceOf(space, options.FallbackNamespace);

        var w = new CodeWriter();
        SpaceEmitter.WriteHeader(w, "the AutoBuild results of the search space spec " + options.SourceName, "build again instead");
        var scope = ns is null ? (CodeWriter.Block?)null : w.Open("namespace " + ns);
        using (w.Open("public static partial class " + typeName))
            WriteResults(w, space, ranked, result);
        if (options.TorchSharp)
        {
            w.Line();
            var best = ranked[0];
            TorchSharpEmitter.WriteBestModel(w, space, typeName, TorchSharpEmitter.QualifiedName(ns, typeName), best.Canonical, "The TorchSharp model of " + typeName + ".Best (" + best.Canonical + "): predicted "
                + result.Target + " = " + Number(best.Entry.Predicted) + ", " + best.Entry.Params.ToString(CultureInfo.InvariantCulture) + " params, "
                + best.Entry.Flops.ToString(CultureInfo.InvariantCulture) + " FLOPs.");
        }
        scope?.Dispose();
        return w.ToString();
    }

    private static void WriteResults(CodeWriter w, SearchSpace space, IReadOnlyList<Ranked> ranked, AutoBuildResult result)
    {
        var best = ranked[0];
        w.Summary("The best architecture of the AutoBuild run (" + best.Entry.Method + "): " + (best.Entry.Measured is { } measured ? "measured " + result.Target + " = " + Number(measured) + ", predicted " : "predicted " + result.Target + " = ") + Number(best.Entry.Predicted)
            + ", " + best.Entry.Params.ToString(CultureInfo.InvariantCulture) + " params, " + best.Entry.Flops.ToString(CultureInfo.InvariantCulture) + " FLOPs.");
        w.Line("public static Architecture Best => Ranked[0].Architecture;");
        w.Line();
        w.Summary("Every architecture the AutoBuild run reported, best first, with predicted " + result.Target + ", params and FLOPs.");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<global::AutoBuild.Runtime.Generated.PredictedArchitecture<Architecture>> Ranked => s_ranked ??= BuildRanked();");
        w.Line();
        WriteList(w, "s_ranked", "BuildRanked", ranked, result.Target);
        var candidates = RankedEntries(space, result, result.Candidates);
        w.Line();
        w.Summary("Unmeasured architectures to evaluate next (expected improvement over the best measured " + result.Target + ", kept diverse): measure them, append them to the labels and build again.");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<global::AutoBuild.Runtime.Generated.PredictedArchitecture<Architecture>> Candidates => s_candidates ??= BuildCandidates();");
        w.Line();
        WriteList(w, "s_candidates", "BuildCandidates", candidates, result.Target);
    }

    private static void WriteList(CodeWriter w, string field, string method, IReadOnlyList<Ranked> entries, string target)
    {
        w.Line("private static global::System.Collections.Generic.IReadOnlyList<global::AutoBuild.Runtime.Generated.PredictedArchitecture<Architecture>>? " + field + ";");
        w.Line();
        using (w.Open("private static global::System.Collections.Generic.IReadOnlyList<global::AutoBuild.Runtime.Generated.PredictedArchitecture<Architecture>> " + method + "()"))
        {
            if (entries.Count == 0)
            {
                w.Line("return new global::AutoBuild.Runtime.Generated.PredictedArchitecture<Architecture>[0];");
                return;
            }
            w.Line("var target = " + CSharpSyntax.StringLiteral(target) + ";");
            using (w.OpenInitializer("return new global::AutoBuild.Runtime.Generated.PredictedArchitecture<Architecture>[]"))
            {
                foreach (var r in entries)
                {
                    var e = r.Entry;
                    w.Line("// " + SpaceEmitter.Comment(r.Canonical));
                    w.Line("new global::AutoBuild.Runtime.Generated.PredictedArchitecture<Architecture>(" + string.Join(", ", new[]
                    {
                        CSharpSyntax.Literal(e.Rank), CSharpSyntax.StringLiteral(e.Method), "Architecture.Parse(" + CSharpSyntax.StringLiteral(r.Canonical) + ")",
                        "target", CSharpSyntax.Literal(e.Predicted), e.Measured is { } m ? CSharpSyntax.Literal(m) : "null",
                        CSharpSyntax.Literal(e.Params), CSharpSyntax.Literal(e.Flops),
                        e.ProbabilityOfImprovement is { } p ? CSharpSyntax.Literal(p) : "null", e.ExpectedImprovement is { } x ? CSharpSyntax.Literal(x) : "null",
                    }) + "),");
                }
            }
        }
    }

    /// <summary>An entry of the results that parses as an architecture of this space, with its canonical string.</summary>
    private sealed class Ranked
    {
        public Ranked(RankedArchitecture entry, string canonical)
        {
            Entry = entry;
            Canonical = canonical;
        }

        public RankedArchitecture Entry { get; }
        public string Canonical { get; }
    }

    /// <summary>The results' entries that are architectures of this space (by canonical string, else by decisions);
    /// entries from a stale results file that no longer fit the spec are left out, and none at all when the
    /// results are for another space.</summary>
    private static IReadOnlyList<Ranked> RankedEntries(SearchSpace space, AutoBuildResult? result, IEnumerable<RankedArchitecture>? entries)
    {
        var list = new List<Ranked>();
        if (result is null || entries is null || !string.Equals(result.Space, space.Name, StringComparison.Ordinal)) return list;
        foreach (var entry in entries.OrderBy(e => e.Rank))
        {
            Architecture? arch = null;
            if (!string.IsNullOrEmpty(entry.Arch) && space.TryParse(entry.Arch, out var parsed, out _)) arch = parsed;
            if (arch is null && entry.Decisions.Count > 0)
            {
                var choices = space.Decisions.Select(d => entry.Decisions.TryGetValue(d.Name, out var v) ? d.IndexOf(v) : -1).ToArray();
                if (space.IsValid(choices, out _)) arch = space.Create(choices);
            }
            if (arch is not null) list.Add(new Ranked(entry, space.Format(arch)));
        }
        return list;
    }

    private static string Number(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
