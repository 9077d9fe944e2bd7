using System.Globalization;
using AutoBuild.Training;
using AutoBuild.Training.NativeGlue;
using DigitsLoop;
using TorchSharp;

// Arguments (run.sh passes them): the labels CSV that `autobuild evaluate` filled in, and its number of epochs, so
// that Best is trained here with exactly the recipe of the labels (seed 0, the evaluate defaults otherwise).
var labelsPath = args.Length > 0 ? args[0] : Path.Combine("examples", "DigitsLoop", "labels", "digits-labels.csv");
var epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
LibTorchGlue.EnsureLoadable();
torch.set_num_threads(1);

// DigitsCnn.Ranked is generated at build time from the build result of labels/digits-labels.csv.
var best = DigitsCnn.Ranked[0];
Console.WriteLine($"Best:       {best.Architecture}  ({best.Params:N0} params, {best.Flops:N0} FLOPs, {best.Method})");
Console.WriteLine(best.IsMeasured
    ? $"            the best label itself (no unmeasured architecture beats it with enough confidence)"
    : $"            unmeasured: predicted val_acc {best.Predicted:F4}, beats the best label with probability {best.ProbabilityOfImprovement:F2}");

var (labelArchs, labelAccuracy, rows) = BestLabels(labelsPath);
// Ties are common on 357 validation images; show Best's own label when it is one of them.
var labelArch = labelArchs.Contains(best.Architecture.ToString()) ? best.Architecture.ToString() : labelArchs[0];
Console.WriteLine($"Best label: {labelArch}  val_acc {labelAccuracy:F4} (best of {rows} trained architectures"
    + (labelArchs.Count > 1 ? $"; {labelArchs.Count} share it)" : ")"));

var options = new TrainingOptions { Epochs = epochs, Seed = 0 };
torch.manual_seed(options.Seed); // the initial weights, as `autobuild evaluate` seeds every architecture
using var model = new DigitsCnnBestModel();
var result = Trainer.Train(model, TrainingData.Open("digits"), options);
Console.WriteLine($"Best, trained now with the same recipe ({options.Recipe("digits")}, seed {options.Seed}):");
Console.WriteLine($"            val_acc {result.ValidationAccuracy:F4} after {result.TrainSeconds:F1} s ({result.Parameters:N0} params)  vs best label {labelAccuracy:F4}");

static (List<string> Archs, double Accuracy, int Rows) BestLabels(string path)
{
    // Canonical strings of this space hold no commas, so a plain split reads the CSV `autobuild evaluate` wrote.
    var lines = File.ReadAllLines(path);
    var header = lines[0].Split(',');
    int arch = Array.IndexOf(header, "arch"), accuracy = Array.IndexOf(header, "val_acc");
    var rows = lines.Skip(1).Select(l => l.Split(',')).Where(f => f.Length == header.Length && f[accuracy].Length > 0)
        .Select(f => (Arch: f[arch], Accuracy: double.Parse(f[accuracy], CultureInfo.InvariantCulture))).ToList();
    var top = rows.Max(r => r.Accuracy);
    return (rows.Where(r => r.Accuracy == top).Select(r => r.Arch).ToList(), top, rows.Count);
}
