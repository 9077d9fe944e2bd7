using AutoBuild.Examples;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec;
using AutoBuild.Tests.Shared;
using AutoBuild.TorchSharp.Tests.Infrastructure;
using AutoBuild.Training;
using TorchSharp;

namespace AutoBuild.TorchSharp.Tests;

/// <summary>
/// Label collection (`autobuild evaluate`) on the real digits with the example digits space: every row gets its measured
/// columns, a re-run trains nothing, an interrupted file resumes, a seed gives the same accuracy, one row trained on its
/// own (a job-array task) equals the same row of a whole run, and a file measured with another recipe is refused.
/// Two epochs and two architectures keep it to seconds.
/// </summary>
public sealed class LabelCollectionTests : IDisposable
{
    private static readonly string SpecPath = Path.Combine(RepoData.RepoRoot, "examples", "DigitsLoop", "digits-cnn.space.yaml");
    private static readonly TrainingOptions TwoEpochs = new() { Epochs = 2, BatchSize = 32, Seed = 3 };
    private static readonly Lazy<TrainingData> Digits = new(() => TrainingData.Open("digits"));
    private readonly string _folder = Directory.CreateTempSubdirectory("autobuild-evaluate-").FullName;

    public LabelCollectionTests() => TorchTestSetup.Ensure();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Archs()
    {
        var path = Path.Combine(_folder, "archs.csv");
        File.WriteAllText(path, "arch\n1|16|conv3|-|1|32|skip|-\n2|16|skip|mb3|1|32|conv3|-\n1|16|conv3|-|1|32|skip|-\n");
        return path;
    }

    private static LabelCollection Open(string archs)
    {
        var collection = LabelCollection.Open(SpecCompiler.CompileFile(SpecPath).Space!, archs, Digits.Value, TwoEpochs);
        collection.LatencyRuns = 3;
        return collection;
    }

    private static List<Dictionary<string, string>> Rows(string path) => RepoData.Read(path).ToList();

    [Fact]
    public void Every_row_is_measured_a_rerun_trains_nothing_and_a_listed_twice_architecture_is_trained_once()
    {
        var archs = Archs();
        var output = Path.Combine(_folder, "labels.csv");
        var progress = new StringWriter();
        var first = Open(archs).Run(output, progress);
        Assert.Equal(new EvaluationSummary(2, 0, 3), first);
        var rows = Rows(output);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["arch", .. EvaluationRow.Columns], File.ReadLines(output).First().Split(','));
        var space = SpecCompiler.CompileFile(SpecPath).Space!;
        foreach (var row in rows)
        {
            var architecture = space.Parse(row["arch"]);
            Assert.Equal(architecture.Id, row["arch_id"]);
            Assert.Equal("3", row["seed"]);
            Assert.InRange(double.Parse(row["val_acc"], System.Globalization.CultureInfo.InvariantCulture), 0.3, 1.0); // two epochs already learn
            Assert.Equal(space.Params(architecture).ToString(System.Globalization.CultureInfo.InvariantCulture), row["params"]);
            Assert.Equal("data=digits;epochs=2;batch=32;lr=0.05;wd=0.0005", row["recipe"]);
            Assert.Equal(EvaluationRow.CurrentToolVersion, row["tool_version"]);
            Assert.True(double.Parse(row["latency_ms"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        }
        Assert.Equal(rows[0].Where(kv => kv.Key is not "train_seconds" and not "latency_ms"), rows[2].Where(kv => kv.Key is not "train_seconds" and not "latency_ms"));
        Assert.Contains("[##########..........] 1/2", progress.ToString());

        var bytes = File.ReadAllBytes(output);
        Assert.Equal(new EvaluationSummary(0, 3, 3), Open(archs).Run(output));
        Assert.Equal(bytes, File.ReadAllBytes(output));
        // The output is a labels CSV that `autobuild build` reads with val_acc as the target.
        var labels = LabelsReader.ReadFile(space, output, TargetExpression.Parse("val_acc"));
        Assert.False(labels.HasErrors, string.Join("\n", labels.Diagnostics));
    }

    [Fact]
    public void An_interrupted_file_resumes_and_keeps_its_finished_rows()
    {
        var archs = Archs();
        var output = Path.Combine(_folder, "labels.csv");
        var space = SpecCompiler.CompileFile(SpecPath).Space!;
        var first = space.Parse("1|16|conv3|-|1|32|skip|-");
        // As a killed run leaves it: the first architecture finished (a recognisable accuracy), the second not.
        File.WriteAllText(output, "arch," + string.Join(",", EvaluationRow.Columns) + "\n" +
            $"1|16|conv3|-|1|32|skip|-,{first.Id},3,0.125,1,1,123,data=digits;epochs=2;batch=32;lr=0.05;wd=0.0005,old\n" +
            "2|16|skip|mb3|1|32|conv3|-,,,,,,,,\n");
        Assert.Equal(new EvaluationSummary(1, 2, 3), Open(archs).Run(output));
        var rows = Rows(output);
        Assert.Equal(["0.125", "", "0.125"], rows.Select(r => r["val_acc"] == "0.125" ? "0.125" : "").ToArray());
        Assert.NotEqual("", rows[1]["val_acc"]);
    }

    [Fact]
    public void A_seed_gives_the_same_accuracy_and_one_row_on_its_own_equals_that_row_of_a_whole_run()
    {
        var archs = Archs();
        var whole = Path.Combine(_folder, "whole.csv");
        Open(archs).Run(whole);
        var task = Path.Combine(_folder, "results", "row-1.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(task)!);
        Assert.True(Open(archs).WriteRowFile(1, task));
        var single = Rows(task);
        Assert.Single(single);
        string[] deterministic = ["arch", "arch_id", "seed", "val_acc", "params", "recipe", "tool_version"];
        Assert.Equal(deterministic.Select(c => Rows(whole)[1][c]), deterministic.Select(c => single[0][c]));
        Assert.False(Open(archs).WriteRowFile(1, task)); // a re-run task finds its row done
        var e = Assert.Throws<EvaluationException>(() => Open(archs).ArchitectureOf(3));
        Assert.Contains("AB6005: --index must be 0 to 2", e.Diagnostics[0].ToString());
    }

    [Fact]
    public void Rows_measured_with_another_recipe_are_refused()
    {
        var archs = Archs();
        var output = Path.Combine(_folder, "labels.csv");
        File.WriteAllText(output, "arch," + string.Join(",", EvaluationRow.Columns) + "\n" +
            "1|16|conv3|-|1|32|skip|-,x,3,0.5,1,1,123,data=digits;epochs=9;batch=32;lr=0.05;wd=0.0005,old\n");
        var e = Assert.Throws<EvaluationException>(() => Open(archs).Run(output));
        Assert.StartsWith($"{output}(2,1): error AB6006: this row was measured with seed 3 and recipe 'data=digits;epochs=9;", e.Diagnostics[0].ToString());
    }

    [Fact]
    public void A_network_for_other_images_is_AB6004_at_its_row()
    {
        var archs = Path.Combine(_folder, "nb201.csv");
        File.WriteAllText(archs, "arch\n" + NasBench201.Best + "\n");
        var e = Assert.Throws<EvaluationException>(() => LabelCollection.Open(NasBench201.Space, archs, Digits.Value, TwoEpochs).EvaluateRow(0));
        Assert.StartsWith($"{archs}(2,1): error AB6004: the network takes 3x32x32 images, the dataset 'digits' has 1x8x8", e.Diagnostics[0].ToString());
    }

    [Fact]
    public void The_run_time_plan_model_has_the_generated_models_state_dict_names()
    {
        foreach (var (space, which, architecture) in ExampleModels.Cases().Where(c => c.Which == "first"))
        {
            using var generated = ExampleModels.All[space].Create(architecture);
            using var planModel = new PlanModel(ExampleModels.All[space].Space.Instantiate(architecture));
            Assert.Equal(generated.state_dict().Keys, planModel.state_dict().Keys);
        }
    }
}
