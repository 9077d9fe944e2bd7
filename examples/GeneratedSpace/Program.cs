using System;
using System.Globalization;
using AutoBuild.Examples;

// Everything used below is generated at compile time from nas-bench-201.space.yaml and NasBench201.autobuild.json.
var best = NasBench201.Best;
Console.WriteLine($"Space: NasBench201, {NasBench201.Size} architectures, {NasBench201.Decisions.Count} decisions");
Console.WriteLine($"Best: {best}");
Console.WriteLine($"  edges: 0->1 {best.Edge01}, 0->2 {best.Edge02}, 1->2 {best.Edge12}, 0->3 {best.Edge03}, 1->3 {best.Edge13}, 2->3 {best.Edge23}");
Console.WriteLine($"  params: {NasBench201.Params(best).ToString("N0", CultureInfo.InvariantCulture)}");
Console.WriteLine($"  FLOPs: {NasBench201.Flops(best).ToString("N0", CultureInfo.InvariantCulture)}");
Console.WriteLine($"  predicted {NasBench201.Ranked[0].Target}: {NasBench201.Ranked[0].Predicted.ToString("F2", CultureInfo.InvariantCulture)}");
Console.WriteLine($"  id: {best.Id}");

Console.WriteLine("Ranked:");
foreach (var r in NasBench201.Ranked)
    Console.WriteLine($"  {r.Rank}. {r.Architecture} ({r.Method}) predicted {r.Predicted.ToString("F2", CultureInfo.InvariantCulture)}, {r.Params} params, {r.Flops} FLOPs");

// The typed space: sampling, parsing and typed construction round-trip through the canonical string.
var sample = NasBench201.Sample(new Random(42));
var parsed = NasBench201.Architecture.Parse(sample.ToString());
var rebuilt = NasBench201.Architecture.Create(sample.Edge01, sample.Edge02, sample.Edge12, sample.Edge03, sample.Edge13, sample.Edge23);
Console.WriteLine($"Sample: {sample} (parse round-trip: {parsed == sample}, typed round-trip: {rebuilt == sample})");
Console.WriteLine($"  plan output: {NasBench201.ToPlan(sample).Root.Output}, params {NasBench201.Params(sample)}");
