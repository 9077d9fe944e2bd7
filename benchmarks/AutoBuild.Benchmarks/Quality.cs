using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoBuild.Learning.Build;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;

namespace AutoBuild.Benchmarks;

/// <summary><c>quality</c>: what a user gets from <c>autobuild build</c> and from the label → build → evaluate
/// candidates → rebuild loop. For each space, budget variant, N and seed: N labelled architectures are drawn,
/// the build runs in process, and the table reports the true value of best[0], of the best labelled architecture
/// (within the budget), the best true value among everything measured after 1 and after R rounds of evaluating
/// the K candidates (looked up in the table and appended to the labels), random search and regularised evolution
/// (REA) given the same number of evaluations, and how many best[0] really exceed the budget.</summary>
public static class Quality
{
    private sealed record Outcome(double Best0, double Labelled, string Source, double[] Rounds, double[] Random, double[] Rea,
        int Violations, int MeasuredViolations, double Seconds, double HeldOutSpearman, List<TopPickRound> TopPicks);

    /// <summary>One build of the loop as the top-pick rule saw it (<c>--top-pick-log true</c>): round r (0 = the drawn
    /// labels; r = after r rounds of candidates were measured and appended), the labels it read and how many of them came
    /// from candidates, whether the rule applied and fired (bestBy top-pick), its stated chance and correlations, the top
    /// pick (the unmeasured architecture the ensemble predicts highest among those it judges, whether or not it became
    /// best[0]) with its true value, M (the product's best label) and the best true value of the labels within the budget
    /// (the quality table's "best labelled"), and best[0]'s true value. Ranks are among the table's rows (1 = the best).
    /// Distinct: the labelled networks (what the chance counts as N); Above: those the ensemble predicts at least as high as
    /// the pick, and how many of them came from candidates.</summary>
    private sealed record TopPickRound(int Round, int Labels, int FromCandidates, bool Applied, bool Fired, double Probability,
        double MemberRho, double Rho, int Pool, string Pick, double PickPredicted, double PickTruth, int PickRank, string Best, double BestTruth,
        int BestRank, double Best0Truth, string BestBy, int Distinct, int Above, int AboveFromCandidates,
        double RankProbability, int CandidatesAbove);

    // --top-pick-log true: record every build's top pick (TopPickRound) in top-pick-<bench>.tsv under --out, print a
    // per-round summary, and also build after the last round (round R) so that rounds 0..R are all judged. The loop's
    // figures (after 1 and R rounds) do not change: that extra build's candidates are not measured. Each build's labelled
    // networks (target, out-of-fold and ensemble prediction, truth, from a candidate or drawn) go to top-pick-labels/ there.
    private static bool TopPickLog;
    /// <summary>Whether the simulated loop appends candidates with their provenance column (--provenance, default true).</summary>
    private static bool Provenance = true;
    private static string TopPickDir = "";

    // --dump DIR: write every build's labels CSV there (to reproduce one build with the CLI).
    private static string? Dump;
    // --diagnose DIR: write, for every build of an enumerable space, each canonical architecture's member predictions, the
    // labels' out-of-fold predictions and the truth (to study the selection rule offline); round 0 as
    // diag-<space>-<variant>-<N>-<seed>.tsv, the builds after r rounds of the loop with -r<r> before .tsv.
    private static string? Diagnose;
    // --fit-log DIR: under a latency budget, write for every build each label's out-of-fold latency and accuracy
    // predictions and each candidate's predicted latency, fit probability and true latency (to study calibration).
    private static string? FitLog;
    // --confidence P: the selection's confidence (default: the product's).
    private static double Confidence = BuildOptions.DefaultConfidence;
    // --member-lambda L: the evidence members' rank-loss weight (default: the product's).
    private static double MemberLambda = BuildOptions.DefaultMemberLambda;
    // --ensemble E: the number of cross-fitted evidence members (default: the product's).
    private static int Ensemble = BuildOptions.DefaultEnsemble;

    // --max-steps S, --secondary-max-steps S, --anneal true|false: the automatic step budget of the primary predictor,
    // of the cross-fitted members and the latency predictor, and whether a cut training anneals (default: the product's).
    private static int? MaxSteps;
    private static int SecondaryMaxSteps = BuildOptions.DefaultSecondaryMaxSteps;
    private static bool? Anneal;
    // --member "key=value,...": how the cross-fitted members train (default: the product's); keys hidden, layers,
    // steps (automatic steps aimed at), max-steps, lr, wd, batch, gnn (graphconv|gatv2|gin), pooling (sum|mean),
    // scaling (quantile|standard), top (weight of the better-than-average labels' errors), seed (added to each member's seed).
    private static Action<AutoBuild.Learning.Predictor.PredictorOptions>? Member;
    // --members-per-fold R: differently seeded members per fold, averaged as one (default 1: the product's).
    private static int MembersPerFold = 1;
    // --bootstrap true: each cross-fitted member trains on a bootstrap resample of the labels outside its fold (default false).
    private static bool Bootstrap;
    // --smooth A: the cross-fitted members' predictions are neighbour-smoothed with weight A (default 0: off).
    private static double Smooth;
    // --trace true: one stderr line per round of the loop: each candidate's true value, whether the truth says it
    // fits the budget ("x" when not), for a latency budget its predicted and true latency against the budget and margin,
    // "m" before a REA-like candidate (method "mutation") and, under budgets, the product's probability that it fits (f).
    private static bool Trace;
    // --latency-members true|false, --neighbour-share S: under a latency budget, the cross-fitted latency members and
    // the share of REA-like candidates (default: the product's).
    private static bool LatencyMembers = true;
    // --cost-features true|false: the evidence members also see the exact log params / log FLOPs (default: the product's).
    private static bool CostFeatures;
    // --path-features true|false: the evidence members of cell/DAG spaces also see the path counts (default: the product's).
    private static bool PathFeatures;
    // --level-rule true|false: an unmeasured architecture predicted at least at the best measured target can be best[0] (default: the product's).
    private static bool LevelRule;
    // --top-pick true|false: the top-pick rule (default: the product's).
    private static bool TopPick;
    // --latency-cost-features true|false: under a latency budget the cross-fitted latency members also see them (default: the product's).
    // --latency-device D: the NAS-Bench-201 latency column of its latency variant, c10_D_latency (default edgegpu; raspi4: the Raspberry Pi 4).
    private static bool LatencyCostFeatures;
    private static double? NeighbourShare;

    public static int Run(Args args)
    {
        MaxSteps = args.Int("max-steps", 0) is > 0 and var cap ? cap : null;
        SecondaryMaxSteps = args.Int("secondary-max-steps", BuildOptions.DefaultSecondaryMaxSteps);
        Anneal = args.Get("anneal", "") is { Length: > 0 } anneal ? anneal == "true" : null;
        Ensemble = args.Int("ensemble", BuildOptions.DefaultEnsemble);
        Member = args.Get("member", "") is { Length: > 0 } member ? MemberTraining(member) : null;
        MembersPerFold = args.Int("members-per-fold", 1);
        Bootstrap = args.Get("bootstrap", "false") == "true";
        Smooth = args.Double("smooth", 0);
        var seeds = args.Int("seeds", 10);
        var firstSeed = args.Int("first-seed", 0);
        var rounds = args.Int("rounds", 3);
        var k = args.Int("candidates", BuildOptions.DefaultCandidates);
        var only = args.Get("bench", "nb201,nb-macro,planted-ofa,planted-cell").Split(',');
        var variants = args.Get("variants", "all"); // all | none | budgets | a word of the budget variants' names (latency, params, FLOPs)
        Trace = args.Get("trace", "false") == "true";
        TopPickLog = args.Get("top-pick-log", "false") == "true";
        Provenance = args.Get("provenance", "true") != "false";
        TopPickDir = Path.Combine(args.Get("out", Path.Combine(Args.RepoRoot, "benchmarks", "results")), "top-pick-labels");
        LatencyMembers = args.Get("latency-members", "true") == "true";
        CostFeatures = args.Get("cost-features", new BuildOptions().CostFeatures ? "true" : "false") == "true";
        PathFeatures = args.Get("path-features", new BuildOptions().PathFeatures ? "true" : "false") == "true";
        LevelRule = args.Get("level-rule", new BuildOptions().LevelRule ? "true" : "false") == "true";
        TopPick = args.Get("top-pick", new BuildOptions().TopPick ? "true" : "false") == "true";
        LatencyCostFeatures = args.Get("latency-cost-features", new BuildOptions().LatencyCostFeatures ? "true" : "false") == "true";
        NeighbourShare = args.Get("neighbour-share", "") is { Length: > 0 } share ? double.Parse(share, CultureInfo.InvariantCulture) : null;
        var outDir = args.Get("out", Path.Combine(Args.RepoRoot, "benchmarks", "results"));
        Dump = args.Get("dump", "") is { Length: > 0 } dump ? dump : null;
        Diagnose = args.Get("diagnose", "") is { Length: > 0 } diagnose ? diagnose : null;
        FitLog = args.Get("fit-log", "") is { Length: > 0 } fitLog ? fitLog : null;
        Confidence = double.Parse(args.Get("confidence", BuildOptions.DefaultConfidence.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        MemberLambda = double.Parse(args.Get("member-lambda", BuildOptions.DefaultMemberLambda.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        // --label-noise true: planted spaces measure with the sampler's noise (default false: noiseless measurements).
        var labelNoise = args.Get("label-noise", "false") == "true";
        var ns = new Dictionary<string, int[]>
        {
            ["nb201"] = args.Ints("n-nb201", "50,100,200"),
            ["nb-macro"] = args.Ints("n-nb-macro", "50,100,200"),
            ["planted-ofa"] = args.Ints("n-planted-ofa", "1000"),
            ["planted-cell"] = args.Ints("n-planted-cell", "100"),
        };
        Directory.CreateDirectory(outDir);
        foreach (var name in only)
        {
            var bench = name switch
            {
                "nb201" => QualityBench.Nb201(args.Get("latency-device", "edgegpu"), args.Get("nb201-target", "c10v_valid_acc_200ep"),
                    args.Get("nb201-truth", "") is { Length: > 0 } truth ? truth : null),
                "nb-macro" => QualityBench.NbMacro(args.Get("replicates", "false") == "true"),
                _ => QualityBench.Planted(name, labelNoise, args.Get("label-depths", "planted")),
            };
            // all: unconstrained and every budget variant; none: unconstrained only; budgets: the budget variants only.
            var list = variants == "budgets" ? new List<BudgetVariant?>() : new List<BudgetVariant?> { null };
            if (variants is "all" or "budgets") list.AddRange(bench.Variants);
            else if (variants != "none") { list.Clear(); list.AddRange(bench.Variants.Where(v => v.Name.Contains(variants, StringComparison.OrdinalIgnoreCase))); }
            var sb = new StringBuilder();
            var log = new StringBuilder();
            if (TopPickLog)
                log.Append("variant\tN\tseed\tround\tlabels\tfromCandidates\tapplied\tfired\tprobability\tmemberRho\trho\tpool\tpick\tpickPredicted\tpickTruth\tpickRank\t")
                   .Append("best\tbestTruth\tbestRank\tbest0Truth\tbestBy\twon\tgain\tdistinct\tabove\taboveFromCandidates\trankProbability\tcandidatesAbove\n");
            var summaries = new StringBuilder();
            sb.Append("## ").Append(bench.Title).Append("\n\n");
            sb.Append(string.Format(CultureInfo.InvariantCulture,
                "Seeds {0}–{1}; K = {2} candidates per round, {3} rounds; optimum {4:F3}. Values: mean ± std of the true value over seeds. " +
                "\"worst Δ\": the lowest best[0] − best labelled of any seed. \"pred.\": seeds whose best[0] is unmeasured. " +
                "Random/REA: the best of the N labels plus K·r more evaluations. \"viol.\": seeds whose best[0] really exceeds the budget.\n\n",
                firstSeed, firstSeed + seeds - 1, k, rounds, bench.Optimum));
            sb.Append("| budget | N | best[0] | best labelled | worst Δ | pred. | after 1 round | random +K | REA +K | after ").Append(rounds)
              .Append(" rounds | random +").Append(rounds).Append("K | REA +").Append(rounds).Append("K | viol. | s/run |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var variant in list)
                foreach (var n in ns[bench.Name])
                {
                    var outcomes = new List<Outcome>();
                    for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
                    {
                        var o = RunOne(bench, variant, n, seed, rounds, k);
                        outcomes.Add(o);
                        Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture,
                            "{0} {1} N={2} seed={3}: best[0] {4:F3} ({5}) labelled {6:F3} rounds [{7}] random [{8}] REA [{9}] viol {10}/{11} held-out ρ {13:F3} {12:F0}s",
                            bench.Name, variant?.Name ?? "none", n, seed, o.Best0, o.Source, o.Labelled, Join(o.Rounds), Join(o.Random), Join(o.Rea),
                            o.Violations, o.MeasuredViolations, o.Seconds, o.HeldOutSpearman));
                    }
                    sb.Append(Row(variant?.Name ?? "none", n, outcomes, rounds));
                    if (TopPickLog)
                    {
                        for (var i = 0; i < outcomes.Count; i++)
                            foreach (var t in outcomes[i].TopPicks) log.Append(TopPickLine(variant?.Name ?? "none", n, firstSeed + i, t));
                        summaries.Append(TopPickSummary(variant?.Name ?? "none", n, outcomes, rounds));
                    }
                }
            sb.Append('\n');
            if (TopPickLog)
            {
                sb.Append("### The top-pick rule by round\n\n")
                  .Append("Per round r (0: the drawn labels; r: after r rounds of K candidates), over the seeds where the rule applied: \"fired\": ")
                  .Append("builds whose best[0] is the top pick; \"stated\": the mean stated chance of the fired picks; \"won\": the share of them truly above M ")
                  .Append("(the best label); \"all: stated / won\": the same over every build where the rule applied, fired or not; ")
                  .Append("\"gain\": mean best[0] − M over all seeds; \"< −0.3\": seeds whose best[0] is more than 0.3 below M.\n\n")
                  .Append("| budget | N | round | labels | applied | fired | stated | won | all: stated / won | gain | worst | < −0.3 |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n")
                  .Append(summaries).Append('\n');
                var logPath = Path.Combine(outDir, $"top-pick-{bench.Name}.tsv");
                File.WriteAllText(logPath, log.ToString());
                Console.WriteLine($"wrote {logPath}");
            }
            var path = Path.Combine(outDir, $"quality-{bench.Name}.md");
            File.WriteAllText(path, sb.ToString());
            Console.WriteLine(sb.ToString());
            Console.WriteLine($"wrote {path}");
        }
        return 0;
    }

    /// <summary>The member training of <c>--member "key=value,..."</c>.</summary>
    private static Action<AutoBuild.Learning.Predictor.PredictorOptions> MemberTraining(string spec)
    {
        var settings = new List<Action<AutoBuild.Learning.Predictor.PredictorOptions>>();
        foreach (var item in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = item.Split('=', 2);
            if (kv.Length != 2) throw new ArgumentException($"--member: '{item}' is not key=value");
            var v = kv[1];
            double D() => double.Parse(v, CultureInfo.InvariantCulture);
            int I() => int.Parse(v, CultureInfo.InvariantCulture);
            settings.Add(kv[0] switch
            {
                "hidden" => o => o.Hidden = I(),
                "layers" => o => o.Layers = I(),
                "steps" => o => o.AutoSteps = I(),
                "max-steps" => o => o.MaxAutoSteps = I(),
                "lr" => o => o.LearningRate = D(),
                "wd" => o => o.WeightDecay = D(),
                "batch" => o => o.Batch = I(),
                "gnn" => o => o.Gnn = Enum.Parse<AutoBuild.Learning.Predictor.GnnKind>(v, ignoreCase: true),
                "pooling" => o => o.Pooling = Enum.Parse<AutoBuild.Learning.Predictor.ReadoutKind>(v, ignoreCase: true),
                "scaling" => o => o.TargetScaling = Enum.Parse<AutoBuild.Learning.Predictor.TargetScaling>(v, ignoreCase: true),
                "top" => o => o.TopWeight = D(),
                "seed" => o => o.Seed += I(),
                _ => throw new ArgumentException($"--member: unknown key '{kv[0]}'"),
            });
        }
        return o => { foreach (var s in settings) s(o); };
    }

    private static string Join(double[] xs) => string.Join(" ", xs.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)));

    private static string Row(string variant, int n, List<Outcome> o, int rounds)
    {
        string Ms(IEnumerable<double> xs)
        {
            var a = xs.Where(x => !double.IsNaN(x)).ToArray();
            if (a.Length == 0) return "–";
            var m = a.Average();
            var s = Math.Sqrt(a.Sum(x => (x - m) * (x - m)) / Math.Max(1, a.Length - 1));
            return string.Format(CultureInfo.InvariantCulture, "{0:F2} ± {1:F2}", m, s);
        }
        var worst = o.Min(x => x.Best0 - x.Labelled);
        return string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2} | {3} | {4:+0.00;-0.00;0.00} | {5}/{6} | {7} | {8} | {9} | {10} | {11} | {12} | {13} ({14} measured) | {15:F0} |\n",
            variant, n, Ms(o.Select(x => x.Best0)), Ms(o.Select(x => x.Labelled)), worst, o.Count(x => x.Source == "predicted"), o.Count,
            Ms(o.Select(x => x.Rounds[0])), Ms(o.Select(x => x.Random[0])), Ms(o.Select(x => x.Rea[0])),
            Ms(o.Select(x => x.Rounds[Math.Max(0, rounds - 1)])), Ms(o.Select(x => x.Random[^1])), Ms(o.Select(x => x.Rea[^1])),
            o.Sum(x => x.Violations), o.Sum(x => x.MeasuredViolations), o.Average(x => x.Seconds));
    }

    private static Outcome RunOne(QualityBench bench, BudgetVariant? variant, int n, int seed, int rounds, int k)
    {
        var fits = variant?.Fits ?? (_ => true);
        var labelled = bench.Draw(n, seed).ToList();
        var measured = new HashSet<Architecture>(labelled);
        double BestFits(IEnumerable<Architecture> xs) => xs.Where(fits).Select(bench.Truth).DefaultIfEmpty(double.NaN).Max();

        var clock = Stopwatch.StartNew();
        double best0 = double.NaN, bestLabelled = double.NaN;
        string source = "";
        var heldOut = double.NaN;
        var violations = 0;
        var measuredViolations = 0;
        var afterRound = Enumerable.Repeat(double.NaN, Math.Max(1, rounds)).ToArray();
        var topPicks = new List<TopPickRound>();
        var predictedOf = new Dictionary<Architecture, double>();
        var drawn = labelled.Count;
        for (var round = 0; round <= rounds; round++)
        {
            // The last round's candidates are measured; no build reads them, unless --top-pick-log judges that build too.
            if (round == rounds && round > 0 && !TopPickLog) break;
            var options = new BuildOptions { Target = bench.Target, Seed = seed, Candidates = k, Confidence = Confidence, MemberLambda = MemberLambda, Ensemble = Ensemble,
                MaxAutoSteps = MaxSteps, SecondaryMaxSteps = SecondaryMaxSteps, AnnealWhenCut = Anneal, LatencyMembers = LatencyMembers, NeighbourShare = NeighbourShare,
                TuneMembers = Member, MembersPerFold = MembersPerFold, BootstrapMembers = Bootstrap, CostFeatures = CostFeatures, PathFeatures = PathFeatures, LevelRule = LevelRule, TopPick = TopPick, LatencyCostFeatures = LatencyCostFeatures,
                Smoothing = Smooth };
            variant?.Apply(options);
            var name = $"{bench.Name}-{n}-{seed}-r{round}.csv";
            if (Dump is not null) { Directory.CreateDirectory(Dump); File.WriteAllText(Path.Combine(Dump, name), bench.Csv(labelled, predictedOf)); }
            var outcome = BuildPipeline.Run(bench.Space, "benchmark", bench.Labels(labelled, name, predictedOf), options);
            if (outcome.Result is not { } result)
            {
                Console.Error.WriteLine($"{bench.Name} N={n} seed={seed} round {round}: " + string.Join("; ", outcome.Diagnostics));
                break;
            }
            if (FitLog is not null && options.MaxLatency is double budget) WriteFitLog(bench, seed, round, outcome, result, budget);
            if (Diagnose is not null) WriteDiagnosis(bench, variant, n, seed, round, outcome, result, labelled, options.Confidence);
            if (TopPickLog) topPicks.Add(JudgeTopPick(bench, variant?.Name ?? "none", n, seed, round, labelled, drawn, BestFits(labelled), outcome, result));
            if (round == 0)
            {
                var b = bench.Space.Parse(result.Best[0].Arch);
                best0 = bench.Truth(b);
                source = result.Best[0].Source ?? "";
                heldOut = result.Predictor.TestSpearman;
                bestLabelled = BestFits(labelled);
                if (!fits(b)) { violations++; if (measured.Contains(b)) measuredViolations++; }
                // Every measured entry of best must fit (their costs are known exactly).
                measuredViolations += result.Best.Skip(1).Count(e => e.Source == "measured" && !fits(bench.Space.Parse(e.Arch)));
            }
            if (round == rounds) break;
            if (Trace) TraceRound(bench, variant, seed, round, result, BestFits(labelled), outcome.Oracle);
            // The candidates are measured and appended with their provenance (what this build predicted for them), as
            // the rows --candidates-out writes; unless --provenance false, which simulates labels without the column.
            foreach (var candidate in result.Candidates)
            {
                var c = bench.Space.Parse(candidate.Arch);
                if (!measured.Add(c)) continue;
                labelled.Add(c);
                if (Provenance) predictedOf[c] = candidate.Predicted;
            }
            afterRound[round] = BestFits(labelled);
        }
        var seconds = clock.Elapsed.TotalSeconds / (rounds + 1);
        var initial = bench.Draw(n, seed);
        var evaluations = Enumerable.Range(1, Math.Max(1, rounds)).Select(r => r * k).ToArray();
        return new Outcome(best0, bestLabelled, source, afterRound, RandomSearch(bench, initial, evaluations, fits, seed),
            Rea(bench, initial, evaluations, fits, seed), violations, measuredViolations, seconds, heldOut, topPicks);
    }

    /// <summary>The top pick of one build (<see cref="TopPickRound"/>). The pick is found again as the product finds it
    /// (ImprovementEvidence.JudgeTopPick): among the space's canonical architectures that no label's network is, that fit
    /// the budgets by the product's cost oracle and that the evidence judges, the highest ensemble prediction (ties by
    /// name); the space must be enumerable (NAS-Bench-201, the planted cell space). When the rule fired, best[0] must be
    /// that pick, and the product's pool size must match, else the benchmark stops: the record would be wrong.</summary>
    private static TopPickRound JudgeTopPick(QualityBench bench, string variant, int n, int seed, int round, IReadOnlyList<Architecture> labelled,
        int drawn, double bestTruth, BuildOutcome outcome, AutoBuild.Spec.Results.AutoBuildResult result)
    {
        var space = bench.Space;
        var selection = result.Selection;
        var best = result.BestLabelled is { } bl ? space.Parse(bl.Arch) : null;
        var best0 = space.Parse(result.Best[0].Arch);
        var fired = selection?.BestBy == "top-pick";
        var applied = selection?.TopPickRule == true && selection.TopPickProbability is not null;
        string pick = "";
        double pickPredicted = double.NaN, pickTruth = double.NaN;
        var pool = 0;
        // Per label: how many pool architectures its out-of-fold member predicts at least as high as it, and the ensemble.
        int[]? poolAboveOof = null, poolAboveMean = null;
        var above = 0;
        var aboveFromCandidates = 0;
        var drawnNetworks = new HashSet<Architecture>(labelled.Take(drawn).Select(space.Canonical));
        var labels = result.Labelled.Select(l => space.Parse(l.Arch)).ToList();
        var fromCandidate = labels.Select(a => !drawnNetworks.Contains(space.Canonical(a))).ToArray();
        var labelMean = outcome.Evidence?.Predict(labels);
        if (applied && outcome.Evidence is { } evidence && outcome.Improvement is { } beats && space.CanEnumerate(SharedProposals.EnumerateLimit))
        {
            var labelledNetworks = new HashSet<Architecture>(labelled.Select(space.Canonical));
            var open = space.Enumerate().Select(space.Canonical).Distinct().Where(a => !labelledNetworks.Contains(a) && beats.Judged(a)).ToList();
            if (outcome.Oracle is { HasBudgets: true } oracle)
            {
                var feasible = oracle.Feasible(open);
                open = open.Where((_, i) => feasible[i]).ToList();
            }
            var mean = evidence.Predict(open);
            var top = Enumerable.Range(0, open.Count).OrderByDescending(i => mean[i]).ThenBy(i => open[i].ToString(), StringComparer.Ordinal).First();
            pool = open.Count;
            pick = open[top].ToString();
            pickPredicted = mean[top];
            pickTruth = bench.Truth(open[top]);
            for (var i = 0; i < labels.Count; i++)
                if (labelMean![i] >= pickPredicted) { above++; if (fromCandidate[i]) aboveFromCandidates++; }
            var sortedMean = mean.OrderBy(x => x).ToList();
            poolAboveMean = labelMean!.Select(x => open.Count - LowerBound(sortedMean, x)).ToArray();
            if (evidence is { OutOfFold: { } held, Fold: { } folds })
            {
                poolAboveOof = new int[labels.Count];
                foreach (var f in folds.Distinct())
                {
                    var byFold = evidence.PredictBy(f, open).OrderBy(x => x).ToList();
                    for (var i = 0; i < labels.Count; i++) if (folds[i] == f) poolAboveOof[i] = open.Count - LowerBound(byFold, held[i]);
                }
            }
            if (pool != beats.TopPickPool || fired && !space.Canonical(best0).Equals(open[top]))
                throw new InvalidOperationException($"--top-pick-log: {bench.Name} round {round}: the top pick found again ({pick}, pool {pool}) is not the product's (best[0] {best0}, pool {beats.TopPickPool})");
        }
        var truths = TruthsSorted(bench);
        int Rank(double v) => double.IsNaN(v) ? 0 : 1 + truths.Count - UpperBound(truths, v); // 1 = the space's best value
        var record = new TopPickRound(round, labelled.Count, labelled.Count - drawn, applied, fired, selection?.TopPickProbability ?? double.NaN,
            outcome.Improvement?.MemberRankCorrelation ?? double.NaN, selection?.RankCorrelation ?? double.NaN, pool, pick, pickPredicted, pickTruth,
            Rank(pickTruth), best?.ToString() ?? "", bestTruth, Rank(bestTruth), bench.Truth(best0), selection?.BestBy ?? "", labels.Count, above, aboveFromCandidates,
            selection?.TopPickRankProbability ?? double.NaN, selection?.CandidatesAboveBest ?? 0);
        if (outcome.Evidence is { OutOfFold: { } oof })
        {
            string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
            var sb = new StringBuilder("arch\ttarget\toof\tmean\ttruth\tcandidate\tpoolAboveOof\tpoolAboveMean\n");
            for (var i = 0; i < labels.Count; i++)
                sb.Append(labels[i]).Append('\t').Append(F(result.Labelled[i].Target)).Append('\t').Append(F(oof[i])).Append('\t').Append(F(labelMean![i]))
                  .Append('\t').Append(F(bench.Truth(labels[i]))).Append('\t').Append(fromCandidate[i] ? '1' : '0')
                  .Append('\t').Append(poolAboveOof is null ? "" : poolAboveOof[i].ToString(CultureInfo.InvariantCulture))
                  .Append('\t').Append(poolAboveMean is null ? "" : poolAboveMean[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
            Directory.CreateDirectory(TopPickDir);
            File.WriteAllText(Path.Combine(TopPickDir, $"{bench.Name}-{Slug(variant)}-{n}-{seed}-r{round}.tsv"), sb.ToString());
        }
        Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "top-pick {0} N={1} seed={2} round={3}: labels {4} ({5} from candidates) {6} P {7:F3} (ranks {13:F3}, {14} candidates above) pick {8:F3} (rank {9}) M {10:F3} (rank {11}) best[0] {12:F3}",
            bench.Name, n, seed, round, labels.Count, fromCandidate.Count(x => x), !applied ? "not applied" : fired ? "fired" : "kept M", record.Probability,
            pickTruth, record.PickRank, bestTruth, record.BestRank, record.Best0Truth, record.RankProbability, record.CandidatesAbove));
        return record;
    }

    /// <summary>The number of values in ascending <paramref name="sorted"/> below <paramref name="v"/>.</summary>
    private static int LowerBound(List<double> sorted, double v)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi) { var mid = (lo + hi) / 2; if (sorted[mid] < v) lo = mid + 1; else hi = mid; }
        return lo;
    }

    // The true values of an enumerable bench's space, sorted ascending (for ranks), computed once per bench.
    private static readonly Dictionary<QualityBench, List<double>> Sorted = new();

    private static List<double> TruthsSorted(QualityBench bench)
    {
        if (Sorted.TryGetValue(bench, out var sorted)) return sorted;
        sorted = bench.Space.CanEnumerate(SharedProposals.EnumerateLimit)
            ? bench.Space.Enumerate().Select(a => { try { return bench.Truth(a); } catch (KeyNotFoundException) { return double.NaN; } }).Where(v => !double.IsNaN(v)).OrderBy(v => v).ToList()
            : new List<double>();
        return Sorted[bench] = sorted;
    }

    /// <summary>The number of values in ascending <paramref name="sorted"/> that are at most <paramref name="v"/>.</summary>
    private static int UpperBound(List<double> sorted, double v)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi) { var mid = (lo + hi) / 2; if (sorted[mid] <= v) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static string TopPickLine(string variant, int n, int seed, TopPickRound t)
    {
        string F(double x) => double.IsNaN(x) ? "" : x.ToString("R", CultureInfo.InvariantCulture);
        var won = t.Pick.Length == 0 ? "" : t.PickTruth > t.BestTruth ? "1" : "0";
        return string.Join('\t', variant, n.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture), t.Round.ToString(CultureInfo.InvariantCulture),
            t.Labels.ToString(CultureInfo.InvariantCulture), t.FromCandidates.ToString(CultureInfo.InvariantCulture), t.Applied ? "1" : "0", t.Fired ? "1" : "0",
            F(t.Probability), F(t.MemberRho), F(t.Rho), t.Pool.ToString(CultureInfo.InvariantCulture), t.Pick, F(t.PickPredicted), F(t.PickTruth),
            t.PickRank.ToString(CultureInfo.InvariantCulture), t.Best, F(t.BestTruth), t.BestRank.ToString(CultureInfo.InvariantCulture), F(t.Best0Truth), t.BestBy,
            won, F(t.Best0Truth - t.BestTruth), t.Distinct.ToString(CultureInfo.InvariantCulture), t.Above.ToString(CultureInfo.InvariantCulture),
            t.AboveFromCandidates.ToString(CultureInfo.InvariantCulture), t.RankProbability.ToString("R", CultureInfo.InvariantCulture),
            t.CandidatesAbove.ToString(CultureInfo.InvariantCulture)) + "\n";
    }

    /// <summary>One row per round of the top-pick table (<c>--top-pick-log true</c>).</summary>
    private static string TopPickSummary(string variant, int n, List<Outcome> outcomes, int rounds)
    {
        var sb = new StringBuilder();
        for (var r = 0; r <= rounds; r++)
        {
            var all = outcomes.SelectMany(o => o.TopPicks.Where(t => t.Round == r)).ToList();
            if (all.Count == 0) continue;
            var applied = all.Where(t => t.Applied && t.Pick.Length > 0).ToList();
            var fired = applied.Where(t => t.Fired).ToList();
            string Mean(IEnumerable<double> xs) => xs.DefaultIfEmpty(double.NaN).Average() is var m && double.IsNaN(m) ? "–" : m.ToString("F2", CultureInfo.InvariantCulture);
            string Won(List<TopPickRound> ts) => ts.Count == 0 ? "–" : ((double)ts.Count(t => t.PickTruth > t.BestTruth) / ts.Count).ToString("F2", CultureInfo.InvariantCulture);
            var gains = all.Select(t => t.Best0Truth - t.BestTruth).ToList();
            sb.Append(CultureInfo.InvariantCulture, $"| {variant} | {n} | {r} | {all.Average(t => t.Labels):F0} | {applied.Count}/{all.Count} | {fired.Count} | {Mean(fired.Select(t => t.Probability))} | {Won(fired)} | ")
              .Append(CultureInfo.InvariantCulture, $"{Mean(applied.Select(t => t.Probability))} / {Won(applied)} | {gains.Average():+0.000;-0.000;0.000} | {gains.Min():+0.00;-0.00;0.00} | {gains.Count(g => g < -0.3)} |\n");
        }
        return sb.ToString();
    }

    private static void TraceRound(QualityBench bench, BudgetVariant? variant, int seed, int round, AutoBuild.Spec.Results.AutoBuildResult result, double bestSoFar, CostOracle? oracle)
    {
        var fits = variant?.Fits ?? (_ => true);
        // The product's probability that each candidate fits the budgets (f), to compare with the truth ("x").
        var fit = oracle is { HasBudgets: true } ? oracle.FitProbability(result.Candidates.Select(c => bench.Space.Parse(c.Arch)).ToList()) : null;
        var index = 0;
        var sb = new StringBuilder();
        // best[0] of this round's build too: after a round the labels hold the candidates, so M is no random sample's best
        // (session 14's audit: rebuilt after one round, the top pick won 1 of 15 switches on CIFAR-100/ImageNet16-120).
        var s = result.Selection;
        sb.Append(CultureInfo.InvariantCulture, $"trace {bench.Name} {variant?.Name ?? "none"} seed={seed} round={round} best-so-far {bestSoFar:F2} best[0] {bench.Truth(bench.Space.Parse(result.Best[0].Arch)):F2} by {s?.BestBy} (top-pick chance {s?.TopPickProbability:F2}) margin {s?.LatencyMargin:G4}:");
        foreach (var c in result.Candidates)
        {
            var a = bench.Space.Parse(c.Arch);
            var truth = bench.Truth(a);
            sb.Append(CultureInfo.InvariantCulture, $" {(c.Method == ResultAssembler.MutationMethod ? "m" : "")}{truth:F2}{(fits(a) ? "" : "x")}(p{c.Predicted:F2}");
            if (c.Latency is double l && bench.LatencyColumn is not null) sb.Append(CultureInfo.InvariantCulture, $",l{l:G3}/{bench.Measure(a)[1]:G3}");
            if (fit is not null) sb.Append(CultureInfo.InvariantCulture, $",f{fit[index]:F3}");
            index++;
            sb.Append(')');
        }
        Console.Error.WriteLine(sb.ToString());
    }

    private static void WriteFitLog(QualityBench bench, int seed, int round, BuildOutcome outcome, AutoBuild.Spec.Results.AutoBuildResult result, double budget)
    {
        if (outcome.Oracle is not { } oracle) return;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"meta\t{budget:R}\t{result.Selection?.LatencyMargin:R}\n");
        var labels = result.Labelled.Select(l => bench.Space.Parse(l.Arch)).ToList();
        var accOof = outcome.Evidence?.OutOfFold;
        var latOof = oracle.LatencyMembers?.OutOfFold;
        string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        for (var i = 0; i < labels.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"label\t{labels[i]}\t{F(result.Labelled[i].Target)}\t{(accOof is null ? "" : F(accOof[i]))}\t{F(bench.Measure(labels[i])[1])}\n");
        // The residuals behind the fit probability: target, out-of-fold prediction and fold of each latency label.
        if (oracle.LatencyTargets is { } targets && latOof is not null)
            for (var i = 0; i < targets.Length; i++)
                sb.Append(CultureInfo.InvariantCulture, $"lres\t{F(targets[i])}\t{F(latOof[i])}\t{oracle.LatencyMembers!.Fold?[i]}\n");
        var candidates = result.Candidates.Select(c => bench.Space.Parse(c.Arch)).ToList();
        var fit = oracle.FitProbability(candidates);
        var each = oracle.LatencyMembers?.PredictEach(candidates);
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = result.Candidates[i];
            sb.Append(CultureInfo.InvariantCulture, $"cand\t{candidates[i]}\t{c.Method}\t{c.BudgetBasis}\t{F(c.Predicted)}\t{F(c.Latency ?? double.NaN)}\t{F(fit[i])}\t{F(bench.Measure(candidates[i])[1])}\t{F(bench.Truth(candidates[i]))}\t{(each is null ? "" : string.Join(" ", each.Select(m => F(m[i]))))}\n");
        }
        Directory.CreateDirectory(FitLog!);
        File.WriteAllText(Path.Combine(FitLog!, $"fit-{bench.Name}-{seed}-r{round}.tsv"), sb.ToString());
    }

    private static void WriteDiagnosis(QualityBench bench, BudgetVariant? variant, int n, int seed, int round, BuildOutcome outcome,
        AutoBuild.Spec.Results.AutoBuildResult result, IReadOnlyList<Architecture> rows, double confidence)
    {
        if (outcome.Evidence is not { } evidence || !bench.Space.CanEnumerate(SharedProposals.EnumerateLimit)) return;
        var measured = result.Labelled.ToDictionary(l => bench.Space.Parse(l.Arch), l => l.Target);
        var labels = result.Labelled.Select(l => bench.Space.Parse(l.Arch)).ToList();
        var pool = bench.Space.Enumerate().Select(bench.Space.Canonical).Distinct().ToList();
        var each = evidence.PredictEach(pool);
        var mean = evidence.Predict(pool);
        // What the product computed for this build (its budget variant): the cost oracle's verdict (predicted latency
        // plus margin for unmeasured architectures) and the selection's evidence, so a rule can be replayed exactly.
        var oracle = outcome.Oracle;
        var feasiblePool = oracle is { HasBudgets: true } ? oracle.Feasible(pool) : null;
        var feasibleRows = oracle is { HasBudgets: true } ? oracle.Feasible(rows) : null;
        var beats = outcome.Improvement;
        // fits: one character per budget variant of the bench (1 = the truth says it fits), to replay constrained builds.
        var sb = new StringBuilder("kind\tarch\tmeasured\toof\ttruth\tmembers\tchoices\tfits\tmean\tfeasible\tpaired\tbydiff\tprob\tlower\tfold\n");
        string F(double x) => double.IsNaN(x) ? "" : x.ToString("R", CultureInfo.InvariantCulture);
        string Fits(Architecture a) => string.Concat(bench.Variants.Select(v => { try { return v.Fits(a) ? '1' : '0'; } catch (KeyNotFoundException) { return '?'; } }));
        string Choices(Architecture a) => string.Join(",", a.Choices);
        double Truth(Architecture a) { try { return bench.Truth(a); } catch (KeyNotFoundException) { return double.NaN; } } // tables may lack some
        string Residuals(ResidualCalibration? c) => c is null ? "" : string.Join(" ", c.Residuals.Select(r => r.ToString("R", CultureInfo.InvariantCulture)));
        sb.Append(CultureInfo.InvariantCulture, $"meta\tvariant\t{variant?.Name ?? "none"}\n");
        sb.Append(CultureInfo.InvariantCulture, $"meta\tconfidence\t{confidence:R}\n");
        sb.Append(CultureInfo.InvariantCulture, $"meta\tbestLabelled\t{result.BestLabelled?.Arch}\n");
        sb.Append(CultureInfo.InvariantCulture, $"meta\tcalibrationLabels\t{result.Selection?.CalibrationLabels}\n");
        sb.Append(CultureInfo.InvariantCulture, $"meta\tbestBy\t{result.Selection?.BestBy}\n");
        sb.Append(CultureInfo.InvariantCulture, $"meta\ttopPickProbability\t{result.Selection?.TopPickProbability:R}\n");
        sb.Append(CultureInfo.InvariantCulture, $"meta\trankCorrelation\t{result.Selection?.RankCorrelation:R}\n");
        if (beats is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"meta\tbest\t{beats.Best:R}\n");
            sb.Append(CultureInfo.InvariantCulture, $"meta\tanchor\t{beats.Anchor:R}\n");
            sb.Append(CultureInfo.InvariantCulture, $"meta\tanchorOutOfFold\t{beats.AnchorOutOfFold:R}\n");
            sb.Append(CultureInfo.InvariantCulture, $"meta\tpairDistance\t{beats.PairDistance}\n");
            sb.Append(CultureInfo.InvariantCulture, $"resid\tdecision\t{Residuals(beats.Decision)}\n");
            sb.Append(CultureInfo.InvariantCulture, $"resid\tupside\t{Residuals(beats.Upside)}\n");
            sb.Append(CultureInfo.InvariantCulture, $"resid\tpaired\t{Residuals(beats.Paired)}\n");
        }
        var oof = evidence.OutOfFold;
        var fold = evidence.Fold;
        for (var i = 0; i < labels.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"label\t{labels[i]}\t{measured[labels[i]]:R}\t{(oof is null ? double.NaN : oof[i]):R}\t{bench.Truth(labels[i]):R}\t\t{Choices(labels[i])}\t{Fits(labels[i])}\t\t\t\t\t\t\t{(fold is null ? "" : fold[i].ToString(CultureInfo.InvariantCulture))}\n");
        // The labelled rows as drawn (before equivalent rows merge): a budget judges each row as written.
        for (var i = 0; i < rows.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"row\t{rows[i]}\t{bench.Truth(rows[i]):R}\t\t{bench.Truth(rows[i]):R}\t\t{Choices(rows[i])}\t{Fits(rows[i])}\t\t{(feasibleRows is null || feasibleRows[i] ? 1 : 0)}\t\t\t\t\t\n");
        for (var i = 0; i < pool.Count; i++)
        {
            var a = pool[i];
            sb.Append(CultureInfo.InvariantCulture, $"pool\t{a}\t{(measured.TryGetValue(a, out var m) ? m : double.NaN):R}\t\t{Truth(a):R}\t")
              .AppendJoin(' ', each.Select(e => e[i].ToString("R", CultureInfo.InvariantCulture))).Append('\t').Append(Choices(a)).Append('\t').Append(Fits(a))
              .Append('\t').Append(F(mean[i])).Append('\t').Append(feasiblePool is null || feasiblePool[i] ? '1' : '0').Append('\t');
            if (beats is not null)
            {
                // The product's estimate (- when a is not M's neighbour), then each recorded anchor's (- when not its neighbour).
                sb.Append(beats.ByAnchor.Any(e => e.ContainsKey(a))
                    ? (beats.TryNeighbour(a, out var estimate) ? F(estimate) : "-") + " " + string.Join(" ", beats.ByAnchor.Select(e => e.TryGetValue(a, out var x) ? F(x) : "-"))
                    : "").Append('\t')
                  .Append(beats.JudgedByDifference(a, mean[i]) ? '1' : '0').Append('\t')
                  .Append(F(beats.Probability(a, mean[i]))).Append('\t').Append(F(beats.LowerValue(a, mean[i], confidence)));
            }
            else sb.Append("\t\t\t");
            sb.Append("\t\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"best0\t{result.Best[0].Arch}\t{result.Best[0].Source}\t{result.Selection?.TopProbability}\t{bench.Truth(bench.Space.Parse(result.Best[0].Arch)):R}\t\n");
        Directory.CreateDirectory(Diagnose!);
        File.WriteAllText(Path.Combine(Diagnose!, $"diag-{bench.Name}-{Slug(variant?.Name ?? "none")}-{n}-{seed}{(round > 0 ? $"-r{round}" : "")}.tsv"), sb.ToString());
    }

    /// <summary>A file-name form of a variant's name ("params ≤ p30" → "params-p30").</summary>
    private static string Slug(string name) =>
        string.Join("-", new string(name.ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Best fitting true value after the labels plus each number of uniformly drawn distinct architectures.</summary>
    private static double[] RandomSearch(QualityBench bench, IReadOnlyList<Architecture> initial, int[] evaluations, Func<Architecture, bool> fits, int seed)
    {
        var random = new Random(31_337 + seed);
        var seen = new HashSet<Architecture>(initial);
        var best = initial.Where(fits).Select(bench.Truth).DefaultIfEmpty(double.NaN).Max();
        var result = new double[evaluations.Length];
        var done = 0;
        for (var e = 0; e < evaluations.Length; e++)
        {
            for (var tries = 0; done < evaluations[e] && tries < 100_000; tries++)
            {
                var a = bench.Random(random);
                if (!seen.Add(a)) continue;
                done++;
                if (fits(a)) best = double.IsNaN(best) ? bench.Truth(a) : Math.Max(best, bench.Truth(a));
            }
            result[e] = best;
        }
        return result;
    }

    /// <summary>Regularised evolution (Real et al. 2019) seeded with the labels as its population (oldest first):
    /// each step samples 10 of the population, mutates the best fitting one (one decision), measures the child,
    /// adds it and removes the oldest. Architectures over the budget count as unfit.</summary>
    private static double[] Rea(QualityBench bench, IReadOnlyList<Architecture> initial, int[] evaluations, Func<Architecture, bool> fits, int seed)
    {
        var random = new Random(27_183 + seed);
        var population = new Queue<Architecture>(initial);
        var seen = new HashSet<Architecture>(initial);
        double Fitness(Architecture a) => fits(a) ? bench.Truth(a) : double.NegativeInfinity;
        var best = initial.Where(fits).Select(bench.Truth).DefaultIfEmpty(double.NaN).Max();
        var result = new double[evaluations.Length];
        var done = 0;
        for (var e = 0; e < evaluations.Length; e++)
        {
            for (var tries = 0; done < evaluations[e] && tries < 100_000; tries++)
            {
                var members = population.ToArray();
                var parent = Enumerable.Range(0, 10).Select(_ => members[random.Next(members.Length)]).OrderByDescending(Fitness).First();
                var child = bench.Space.Mutate(parent, random);
                if (!seen.Add(child)) continue;
                done++;
                population.Enqueue(child);
                population.Dequeue();
                if (fits(child)) best = double.IsNaN(best) ? bench.Truth(child) : Math.Max(best, bench.Truth(child));
            }
            result[e] = best;
        }
        return result;
    }
}
