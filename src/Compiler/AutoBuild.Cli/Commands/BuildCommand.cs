using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Learning.Build;
using AutoBuild.Learning.Predictor;
using Spectre.Console;

namespace AutoBuild.Cli.Commands;

/// <summary><c>autobuild build &lt;spec&gt; --labels &lt;csv&gt; --target &lt;expr&gt;</c>: trains the predictor, scores
/// modules, constructs/searches, writes <c>&lt;Space&gt;.autobuild.json</c> and the reports. The work is in
/// <see cref="BuildPipeline"/>; this file parses options and shows progress.</summary>
internal static class BuildCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The search-space spec (YAML)." };
        var labels = new Option<string>("--labels") { Description = "CSV of evaluated architectures.", Required = true };
        var target = new Option<string>("--target") { Description = "Target column or expression to maximise, e.g. acc or acc*100/latency_gpu.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice (default 12345).", DefaultValueFactory = _ => 12345 };
        var output = new Option<string>("--out") { Description = "Output directory (default: the current directory).", DefaultValueFactory = _ => "." };
        var maxFlops = new Option<double?>("--max-flops") { Description = "FLOPs budget (multiply-accumulates per image, from the cost model)." };
        var maxParams = new Option<double?>("--max-params") { Description = "Parameter budget (from the cost model)." };
        var maxLatency = new Option<double?>("--max-latency") { Description = "Latency budget, predicted by a second predictor trained on --latency-column." };
        var latencyColumn = new Option<string?>("--latency-column") { Description = "Labels column holding measured latency (with --max-latency)." };
        var gnn = new Option<string?>("--gnn") { Description = "Message passing: graphconv (default), gatv2 or gin." };
        var hidden = new Option<int?>("--hidden") { Description = "Hidden size of the predictor." };
        var layers = new Option<int?>("--layers") { Description = "Message-passing layers (hops)." };
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (default: automatic)." };
        var batch = new Option<int?>("--batch") { Description = "Mini-batch size." };
        var lr = new Option<double?>("--lr") { Description = "AdamW learning rate." };
        var topK = new Option<int?>("--top-k") { Description = $"Modules kept per stage (macro, default {BuildOptions.DefaultStageTopK}) or values per decision (cell, default {BuildOptions.DefaultDecisionTopK}) in the pruned space." };
        var ensemble = new Option<int>("--ensemble") { Description = $"Cross-fitted predictors: their mean predicts, their out-of-fold residuals calibrate the uncertainty (default {BuildOptions.DefaultEnsemble}; 1 = one predictor calibrated on its held-out labels).", DefaultValueFactory = _ => BuildOptions.DefaultEnsemble };
        var confidence = new Option<double>("--confidence") { Description = $"Probability with which an unmeasured architecture must beat the best measured one to become best[0] (default {BuildOptions.DefaultConfidence.ToString(CultureInfo.InvariantCulture)}).", DefaultValueFactory = _ => BuildOptions.DefaultConfidence };
        var levelRule = new Option<bool>("--level-rule") { Description = "Also let an unmeasured architecture be best[0] when the cross-fitted predictors predict it at or above the best label (only while no budget excludes a better label): better on average, sometimes worse than the best label (docs/cli.md)." };
        var topPick = new Option<bool>("--top-pick") { Description = "When no budget excludes a better label, let the architecture the cross-fitted predictors predict highest be best[0] if its chance of beating the best label, from their rank correlation, reaches the confidence (default true; --top-pick false keeps best[0] to the residual rule) (docs/cli.md).", DefaultValueFactory = _ => true };
        var candidates = new Option<int>("--candidates") { Description = $"How many architectures to evaluate next the results list (default {BuildOptions.DefaultCandidates}).", DefaultValueFactory = _ => BuildOptions.DefaultCandidates };
        var candidatesOut = new Option<string?>("--candidates-out") { Description = "Also write the candidates as a labels-style CSV (decision columns, empty metric columns) to measure and append to the labels." };
        var cellMethod = new Option<string?>("--cell-method") { Description = "Cell/DAG spaces: neighbours of the best measured architectures keep the top-k values per decision (trust-region, default) or any value (prune)." };
        var trustRadius = new Option<int>("--trust-radius") { Description = $"Trust region: Hamming radius around the best measured architectures (default {BuildOptions.DefaultTrustRadius}).", DefaultValueFactory = _ => BuildOptions.DefaultTrustRadius };
        var trustAnchors = new Option<int>("--trust-anchors") { Description = $"Trust region: how many best measured architectures it is centred on (default {BuildOptions.DefaultTrustAnchors}).", DefaultValueFactory = _ => BuildOptions.DefaultTrustAnchors };
        var labelledPoints = new Option<int>("--labelled-points") { Description = $"Labelled architectures listed in the results for the charts (default {LabelledSummary.DefaultLabelledPoints}; beyond it every Pareto-optimal one, the 100 best and an even sample; 0 = all).", DefaultValueFactory = _ => LabelledSummary.DefaultLabelledPoints };
        var timing = new Option<bool>("--timing") { Description = "Print the wall time of every stage, and record the training time in the results (they then differ between runs)." };

        var command = new Command("build", "Train the predictor on labelled architectures, score every module, build the best architecture (optionally under budgets) and write <Space>.autobuild.json and the reports.");
        command.Add(spec);
        foreach (var o in new Option[] { labels, target, seed, output, maxFlops, maxParams, maxLatency, latencyColumn, gnn, hidden, layers, epochs, batch, lr, topK, ensemble, confidence, levelRule, topPick, candidates, candidatesOut, cellMethod, trustRadius, trustAnchors, labelledPoints, timing })
            command.Add(o);
        command.SetAction(pr =>
        {
            var options = new BuildOptions
            {
                Target = pr.GetValue(target)!, Seed = pr.GetValue(seed),
                MaxFlops = pr.GetValue(maxFlops), MaxParams = pr.GetValue(maxParams), MaxLatency = pr.GetValue(maxLatency),
                LatencyColumn = pr.GetValue(latencyColumn), Hidden = pr.GetValue(hidden), Layers = pr.GetValue(layers),
                Epochs = pr.GetValue(epochs), Batch = pr.GetValue(batch), LearningRate = pr.GetValue(lr), TopK = pr.GetValue(topK),
                RecordTiming = pr.GetValue(timing), Ensemble = pr.GetValue(ensemble),
                Confidence = pr.GetValue(confidence), LevelRule = pr.GetValue(levelRule), TopPick = pr.GetValue(topPick), Candidates = pr.GetValue(candidates),
                TrustRadius = pr.GetValue(trustRadius), TrustAnchors = pr.GetValue(trustAnchors), LabelledPoints = pr.GetValue(labelledPoints),
            };
            switch (pr.GetValue(cellMethod)?.ToLowerInvariant())
            {
                case null or "trust-region": options.CellMethod = CellMethod.TrustRegion; break;
                case "prune": options.CellMethod = CellMethod.Prune; break;
                default:
                    Console.Error.WriteLine(Diagnostic.Error(BuildCodes.BadOption, $"unknown --cell-method '{pr.GetValue(cellMethod)}'; use trust-region or prune", SourceLocation.File("autobuild")));
                    return ExitCodes.BadInput;
            }
            var gnnText = pr.GetValue(gnn);
            if (gnnText is not null)
            {
                if (!TryParseGnn(gnnText, out var kind))
                {
                    Console.Error.WriteLine(Diagnostic.Error(BuildCodes.BadOption, $"unknown --gnn '{gnnText}'; use graphconv, gatv2 or gin", SourceLocation.File("autobuild")));
                    return ExitCodes.BadInput;
                }
                options.Gnn = kind;
            }
            var problems = BuildOptionChecks.Problems(options);
            foreach (var problem in problems) Console.Error.WriteLine(Diagnostic.Error(BuildCodes.BadOption, problem, SourceLocation.File("autobuild")));
            if (problems.Count > 0) return ExitCodes.BadInput;
            return Run(pr.GetValue(spec)!, pr.GetValue(labels)!, pr.GetValue(output)!, options, Console.Out, Console.Error, Interactive(), pr.GetValue(candidatesOut));
        });
        return command;
    }

    internal static bool TryParseGnn(string text, out GnnKind kind)
    {
        switch (text.ToLowerInvariant())
        {
            case "graphconv": kind = GnnKind.GraphConv; return true;
            case "gatv2": kind = GnnKind.GatV2; return true;
            case "gin": kind = GnnKind.Gin; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>A progress bar only for a person at a terminal: not redirected, not CI.</summary>
    private static bool Interactive() =>
        !Console.IsOutputRedirected && !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TF_BUILD")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GITHUB_ACTIONS"));

    /// <summary>Runs the build and writes the outputs; returns the exit code. Diagnostics go to stderr in canonical form.</summary>
    internal static int Run(string specPath, string labelsPath, string outDir, BuildOptions options, TextWriter stdout, TextWriter stderr, bool interactive,
        string? candidatesOut = null)
    {
        // Paths that cannot work are refused before the training, not after it.
        if ((PathProblem(specPath, labelsPath, outDir, candidatesOut) ?? MeasuredCandidates.Unappended(candidatesOut, labelsPath, options.Target)) is { } refused)
        {
            stderr.WriteLine(refused.ToString());
            return ExitCodes.BadInput;
        }
        BuildOutcome outcome;
        if (interactive)
        {
            outcome = null!;
            AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask? task = null;
                    string? step = null;
                    var progress = new Inline<BuildProgress>(p =>
                    {
                        if (p.Step != step) { task?.StopTask(); task = ctx.AddTask(p.Step, maxValue: Math.Max(1, p.Total)); step = p.Step; }
                        task!.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                    });
                    outcome = BuildPipeline.RunFiles(specPath, labelsPath, options, progress);
                    task?.StopTask();
                });
        }
        else
        {
            // Canonical lines: one per step, training every 10 %.
            string? step = null;
            var lastTenth = -1;
            var progress = new Inline<BuildProgress>(p =>
            {
                var tenth = p.Total > 0 ? p.Done * 10 / p.Total : 0;
                if (p.Step == step && (p.Step != "training" || tenth == lastTenth)) return;
                if (p.Step == "training" && p.Step == step) stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "autobuild: training {0}/{1} epochs", p.Done, p.Total));
                else stdout.WriteLine("autobuild: " + p.Step);
                step = p.Step; lastTenth = tenth;
            });
            outcome = BuildPipeline.RunFiles(specPath, labelsPath, options, progress);
        }

        foreach (var d in outcome.Diagnostics) stderr.WriteLine(d.ToString());
        if (outcome.Result is null) return outcome.HasErrors ? ExitCodes.BadInput : ExitCodes.InternalFailure;
        if (OutputProblem(outcome.Result, specPath, labelsPath, outDir, candidatesOut) is { } clash)
        {
            stderr.WriteLine(clash.ToString());
            return ExitCodes.BadInput;
        }
        try
        {
            foreach (var path in BuildOutput.Write(outcome.Result, outDir)) stdout.WriteLine("autobuild: wrote " + path);
            if (candidatesOut is not null)
                stdout.WriteLine("autobuild: wrote " + BuildOutput.WriteCandidatesCsv(outcome.Result, labelsPath, candidatesOut));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine(Diagnostic.Error(BuildCodes.BadOption, "cannot write the outputs: " + e.Message, SourceLocation.File(outDir)));
            return ExitCodes.BadInput;
        }
        outcome.Timings.Lap("outputs");
        foreach (var line in AnswerSummary.Lines(outcome.Result)) stdout.WriteLine("autobuild: " + line);
        if (options.RecordTiming)
            foreach (var line in outcome.Timings.Lines()) stdout.WriteLine("autobuild: time " + line);
        return ExitCodes.Success;
    }

    /// <summary>What is wrong with the output paths before anything is built: <c>--out</c> naming a file (it is a
    /// directory), <c>--candidates-out</c> naming a directory or an input (AB2021: inputs are never overwritten; the
    /// loop appends the measured candidates to the labels, it never replaces them). Null when they can be written.</summary>
    internal static Diagnostic? PathProblem(string specPath, string labelsPath, string outDir, string? candidatesOut)
    {
        if (File.Exists(outDir))
            return Diagnostic.Error(BuildCodes.BadOption,
                $"--out names the file '{outDir}', but it is the directory the build writes <Space>.autobuild.json and its reports to; choose a directory",
                SourceLocation.File(outDir));
        if (candidatesOut is null) return null;
        if (Directory.Exists(candidatesOut))
            return Diagnostic.Error(Learning.Labels.LabelCodes.CannotWrite,
                $"--candidates-out names the directory '{candidatesOut}'; it is the CSV file the candidates are written to, e.g. {Path.Combine(candidatesOut, "next.csv")}",
                SourceLocation.File(candidatesOut));
        if (CsvOutput.InputNamed(candidatesOut, new[] { specPath, labelsPath }) is { } input)
            return Diagnostic.Error(Learning.Labels.LabelCodes.OutputIsInput,
                $"--candidates-out names the input file '{input}'; autobuild never overwrites its inputs: write the candidates to another file, measure them, then append its rows to the labels",
                SourceLocation.File(candidatesOut));
        return null;
    }

    /// <summary>Once the space's name (and so the output file names) is known, before anything is written: an output
    /// that would replace an input (AB2021), or <c>--candidates-out</c> naming one of the build's own outputs.</summary>
    internal static Diagnostic? OutputProblem(Spec.Results.AutoBuildResult result, string specPath, string labelsPath, string outDir, string? candidatesOut)
    {
        var (markdown, html) = Reports.ReportWriter.Paths(result, outDir);
        var outputs = new[] { Path.Combine(outDir, Reports.ReportWriter.FileStem(result.Space) + ".autobuild.json"), markdown, html };
        foreach (var output in outputs)
            if (CsvOutput.InputNamed(output, new[] { specPath, labelsPath }) is { } input)
                return Diagnostic.Error(Learning.Labels.LabelCodes.OutputIsInput,
                    $"the build would write '{output}', which is the input file '{input}'; autobuild never overwrites its inputs: choose another --out directory or rename the input",
                    SourceLocation.File(input));
        if (candidatesOut is not null && CsvOutput.InputNamed(candidatesOut, outputs) is { } own)
            return Diagnostic.Error(BuildCodes.BadOption,
                $"--candidates-out names '{own}', which the build writes itself; choose another file for the candidates",
                SourceLocation.File(candidatesOut));
        return null;
    }

    /// <summary>Reports synchronously on the calling thread.</summary>
    private sealed class Inline<T> : IProgress<T>
    {
        private readonly Action<T> _action;
        public Inline(Action<T> action) { _action = action; }
        public void Report(T value) => _action(value);
    }
}
