using System;
using System.Collections.Generic;
using System.Globalization;

namespace AutoBuild.Spec.Results;

/// <summary>Reads and writes <c>&lt;Space&gt;.autobuild.json</c> (docs/results-json.md). Hand-written so that
/// the netstandard2.0 source generator can use it without dependencies. The writer is deterministic:
/// fixed property order, every property always present (null when absent), two-space indentation,
/// LF newlines, a trailing newline, shortest round-trippable doubles in invariant culture.</summary>
public static partial class ResultJson
{
    public static string Write(AutoBuildResult r)
    {
        if (r is null) throw new ArgumentNullException(nameof(r));
        var w = new JsonTextWriter();
        w.StartObject();
        w.Number("schemaVersion", r.SchemaVersion);
        w.String("space", r.Space);
        w.String("kind", r.Kind);
        w.String("namespace", r.Namespace);
        w.String("specHash", r.SpecHash);
        w.String("labelsHash", r.LabelsHash);
        w.String("target", r.Target);
        w.Number("seed", r.Seed);
        w.String("tool", r.Tool);
        w.String("spaceSize", r.SpaceSize);
        WriteConstraints(w, r.Constraints ?? new ConstraintsInfo());
        WritePredictor(w, r.Predictor ?? new PredictorInfo());
        w.StartArray("best");
        foreach (var a in r.Best) WriteRanked(w, null, a);
        w.EndArray();
        if (r.BestLabelled is null) w.String("bestLabelled", null); else WriteRanked(w, "bestLabelled", r.BestLabelled);
        WriteSelection(w, r);
        w.Number("labelledCount", r.LabelledCount);
        w.StartArray("labelled");
        foreach (var p in r.Labelled)
        {
            w.StartObject();
            w.String("arch", p.Arch);
            w.Number("target", p.Target);
            w.Number("params", p.Params);
            w.Number("flops", p.Flops);
            w.Number("latency", p.Latency);
            w.EndObject();
        }
        w.EndArray();
        w.StartArray("modules");
        foreach (var m in r.Modules)
        {
            w.StartObject();
            w.String("stage", m.Stage);
            w.Number("hops", m.Hops);
            w.Number("rank", m.Rank);
            WriteDecisions(w, m.Decisions);
            w.Number("score", m.Score);
            w.EndObject();
        }
        w.EndArray();
        WriteImportance(w, "importance", r.Importance);
        WriteImportance(w, "latencyImportance", r.LatencyImportance);
        w.StartArray("featureImportance");
        foreach (var f in r.FeatureImportance)
        {
            w.StartObject();
            w.String("feature", f.Feature);
            w.String("value", f.Value);
            w.Number("score", f.Score);
            if (f.Scalar is double scalar) w.Number("scalar", scalar);
            w.EndObject();
        }
        w.EndArray();
        w.StartArray("blocks");
        foreach (var b in r.Blocks)
        {
            w.StartObject();
            w.Number("index", b.Index);
            w.String("stage", b.Stage);
            w.Number("layer", b.Layer);
            w.String("label", b.Label);
            w.String("outShape", b.OutShape);
            w.Number("score", b.Score);
            w.EndObject();
        }
        w.EndArray();
        w.StartArray("warnings");
        foreach (var s in r.Warnings) w.String(null, s);
        w.EndArray();
        w.EndObject();
        return w.ToString() + "\n";
    }

    private static void WriteConstraints(JsonTextWriter w, ConstraintsInfo c)
    {
        w.StartObject("constraints");
        w.Number("maxParams", c.MaxParams);
        w.Number("maxFlops", c.MaxFlops);
        w.Number("maxLatency", c.MaxLatency);
        w.String("latencyColumn", c.LatencyColumn);
        w.EndObject();
    }

    private static void WritePredictor(JsonTextWriter w, PredictorInfo p)
    {
        w.StartObject("predictor");
        w.String("gnn", p.Gnn);
        w.Number("hidden", p.Hidden);
        w.Number("layers", p.Layers);
        w.Number("epochs", p.Epochs);
        w.Number("batch", p.Batch);
        w.Number("learningRate", p.LearningRate);
        w.Number("lambda", p.Lambda);
        w.Number("trainSize", p.TrainSize);
        w.Number("testSize", p.TestSize);
        w.Number("testSpearman", p.TestSpearman);
        w.Number("testKendall", p.TestKendall);
        w.Number("testPrecisionTop5", p.TestPrecisionTop5);
        w.Number("testMae", p.TestMae);
        w.StartArray("hopSpearman");
        foreach (var h in p.HopSpearman) w.Number(null, h);
        w.EndArray();
        w.Number("trainSeconds", p.TrainSeconds);
        w.StartArray("heldOut");
        foreach (var h in p.HeldOut)
        {
            w.StartObject();
            w.String("arch", h.Arch);
            w.Number("measured", h.Measured);
            w.Number("predicted", h.Predicted);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    }

    private static void WriteRanked(JsonTextWriter w, string? name, RankedArchitecture a)
    {
        w.StartObject(name);
        w.Number("rank", a.Rank);
        w.String("method", a.Method);
        WriteDecisions(w, a.Decisions);
        w.String("arch", a.Arch);
        w.String("id", a.Id);
        w.Number("predicted", a.Predicted);
        w.Number("measured", a.Measured);
        w.Number("params", a.Params);
        w.Number("flops", a.Flops);
        w.Number("latency", a.Latency);
        w.Number("score", a.Score);
        WriteEvidence(w, a);
        w.EndObject();
    }

    private static void WriteImportance(JsonTextWriter w, string name, List<ImportanceEntry> entries)
    {
        w.StartArray(name);
        foreach (var e in entries)
        {
            w.StartObject();
            w.String("decision", e.Decision); w.String("value", e.Value); w.Number("score", e.Score); w.Number("count", e.Count);
            w.Number("labels", e.Labels is int labels ? labels : null); w.Bool("extrapolated", e.Extrapolated);
            w.EndObject();
        }
        w.EndArray();
    }

    private static void WriteDecisions(JsonTextWriter w, IDictionary<string, string> decisions)
    {
        w.StartObject("decisions");
        // Ordinal order even if a caller replaced the dictionary with a differently ordered one.
        var keys = new List<string>(decisions.Keys);
        keys.Sort(StringComparer.Ordinal);
        foreach (var k in keys) w.String(k, decisions[k]);
        w.EndObject();
    }

    /// <summary>Parses the JSON written by <see cref="Write"/>. Never throws. Unknown properties are ignored
    /// (later additions stay readable); missing properties keep their defaults; a wrong type, malformed
    /// JSON or a schema version newer than <see cref="AutoBuildResult.CurrentSchemaVersion"/> is an error
    /// whose message names the JSON path (and line/column for syntax errors).</summary>
    public static bool TryRead(string json, out AutoBuildResult? result, out string? error) => TryRead(json, null, out result, out error);

    /// <summary>An error of <see cref="TryRead(string, out AutoBuildResult?, out string?)"/> split into its position and
    /// text: syntax errors start with "(line,col): " (1-based); the others name a JSON path and have line and column 0.</summary>
    public static (int Line, int Column, string Message) ErrorPosition(string error)
    {
        var close = error.IndexOf("): ", StringComparison.Ordinal);
        var comma = error.IndexOf(',');
        if (error.StartsWith("(", StringComparison.Ordinal) && comma > 0 && comma < close
            && int.TryParse(error.Substring(1, comma - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var line)
            && int.TryParse(error.Substring(comma + 1, close - comma - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var column)
            && line > 0 && column > 0)
            return (line, column, error.Substring(close + 3));
        return (0, 0, error);
    }

    // The members generated code is made from (the source generator's read): the space, the target, Best and
    // Candidates. Everything else (the labelled table, the predictor's held-out pairs, importance) is checked
    // for syntax only, so the generator's work grows with what it emits, not with the label count.
    private static readonly HashSet<string> CodeMembers = new(StringComparer.Ordinal) { "schemaVersion", "space", "kind", "namespace", "target", "best", "candidates" };

    /// <summary><see cref="TryRead(string, out AutoBuildResult?, out string?)"/> limited to the members generated code is
    /// made from: the others keep their defaults.</summary>
    public static bool TryReadForCode(string json, out AutoBuildResult? result, out string? error) =>
        TryRead(json, CodeMembers.Contains, out result, out error);

    private static bool TryRead(string json, Func<string, bool>? keep, out AutoBuildResult? result, out string? error)
    {
        result = null;
        if (json is null) { error = "no JSON text"; return false; }
        var root = JsonNode.Parse(json, out error, keep);
        if (root is null) return false;
        try
        {
            result = ReadResult(root);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            result = null;
            return false;
        }
    }

    private static AutoBuildResult ReadResult(JsonNode root)
    {
        var o = new Obj(root, "$");
        var version = o.Int("schemaVersion", -1);
        if (version == -1) throw new FormatException("$.schemaVersion: missing");
        if (version < 1 || version > AutoBuildResult.CurrentSchemaVersion)
            throw new FormatException(string.Format(CultureInfo.InvariantCulture,
                "$.schemaVersion: version {0} is not supported (this tool reads 1..{1})", version, AutoBuildResult.CurrentSchemaVersion));
        var r = new AutoBuildResult
        {
            SchemaVersion = version,
            Space = o.Str("space") ?? "",
            Kind = o.Str("kind") ?? "",
            Namespace = o.Str("namespace"),
            SpecHash = o.Str("specHash") ?? "",
            LabelsHash = o.Str("labelsHash") ?? "",
            Target = o.Str("target") ?? "",
            Seed = o.Int("seed", 0),
            Tool = o.Str("tool") ?? "",
            SpaceSize = o.Str("spaceSize") ?? "",
        };
        var c = o.Child("constraints");
        if (c is not null)
            r.Constraints = new ConstraintsInfo
            {
                MaxParams = c.NullableDouble("maxParams"),
                MaxFlops = c.NullableDouble("maxFlops"),
                MaxLatency = c.NullableDouble("maxLatency"),
                LatencyColumn = c.Str("latencyColumn"),
            };
        var p = o.Child("predictor");
        if (p is not null) r.Predictor = ReadPredictor(p);
        foreach (var a in o.Array("best")) r.Best.Add(ReadRanked(a));
        var bl = o.Child("bestLabelled");
        if (bl is not null) r.BestLabelled = ReadRanked(bl);
        ReadSelection(o, r);
        r.LabelledCount = o.Int("labelledCount", 0);
        foreach (var e in o.Array("labelled"))
            r.Labelled.Add(new LabelledPoint
            {
                Arch = e.Str("arch") ?? "",
                Target = e.Double("target"),
                Params = e.Long("params"),
                Flops = e.Long("flops"),
                Latency = e.NullableDouble("latency"),
            });
        foreach (var e in o.Array("modules"))
        {
            var m = new ModuleScore { Stage = e.Str("stage") ?? "", Hops = e.Int("hops", 0), Rank = e.Int("rank", 0), Score = e.Double("score") };
            e.Decisions("decisions", m.Decisions);
            r.Modules.Add(m);
        }
        foreach (var e in o.Array("importance")) r.Importance.Add(ReadImportance(e));
        foreach (var e in o.Array("latencyImportance")) r.LatencyImportance.Add(ReadImportance(e));
        foreach (var e in o.Array("featureImportance"))
            r.FeatureImportance.Add(new FeatureImportance { Feature = e.Str("feature") ?? "", Value = e.Str("value") ?? "", Score = e.Double("score"), Scalar = e.NullableDouble("scalar") });
        foreach (var e in o.Array("blocks"))
            r.Blocks.Add(new BlockInfo
            {
                Index = e.Int("index", 0),
                Stage = e.Str("stage") ?? "",
                Layer = e.Int("layer", 0),
                Label = e.Str("label") ?? "",
                OutShape = e.Str("outShape") ?? "",
                Score = e.NullableDouble("score"),
            });
        r.Warnings.AddRange(o.Strings("warnings"));
        return r;
    }

    private static ImportanceEntry ReadImportance(Obj e) => new()
    {
        Decision = e.Str("decision") ?? "", Value = e.Str("value") ?? "", Score = e.Double("score"), Count = e.Int("count", 0),
        Labels = e.NullableInt("labels"), Extrapolated = e.Bool("extrapolated", false),
    };

    private static PredictorInfo ReadPredictor(Obj p)
    {
        var info = new PredictorInfo
        {
            Gnn = p.Str("gnn") ?? "",
            Hidden = p.Int("hidden", 0),
            Layers = p.Int("layers", 0),
            Epochs = p.Int("epochs", 0),
            Batch = p.Int("batch", 0),
            LearningRate = p.Double("learningRate"),
            Lambda = p.Double("lambda"),
            TrainSize = p.Int("trainSize", 0),
            TestSize = p.Int("testSize", 0),
            TestSpearman = p.Double("testSpearman"),
            TestKendall = p.Double("testKendall"),
            TestPrecisionTop5 = p.Double("testPrecisionTop5"),
            TestMae = p.Double("testMae"),
            TrainSeconds = p.Double("trainSeconds"),
        };
        info.HopSpearman.AddRange(p.Doubles("hopSpearman"));
        foreach (var h in p.Array("heldOut"))
            info.HeldOut.Add(new HeldOutPoint { Arch = h.Str("arch") ?? "", Measured = h.Double("measured"), Predicted = h.Double("predicted") });
        return info;
    }

    private static RankedArchitecture ReadRanked(Obj a)
    {
        var r = new RankedArchitecture
        {
            Rank = a.Int("rank", 0),
            Method = a.Str("method") ?? "",
            Arch = a.Str("arch") ?? "",
            Id = a.Str("id") ?? "",
            Predicted = a.Double("predicted"),
            Measured = a.NullableDouble("measured"),
            Params = a.Long("params"),
            Flops = a.Long("flops"),
            Latency = a.NullableDouble("latency"),
            Score = a.NullableDouble("score"),
        };
        a.Decisions("decisions", r.Decisions);
        ReadEvidence(a, r);
        return r;
    }
}
