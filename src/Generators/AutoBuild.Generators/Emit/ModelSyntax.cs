using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Generators.Emit;

/// <summary>How <see cref="ExplicitModelEmitter"/> spells statements, layers and tensor operations in one language:
/// TorchSharp C# (<see cref="CSharp"/>) or PyTorch Python (<see cref="Python"/>). The two give the same layers with the
/// same arguments, so a model exported to either has the same state-dict names and shapes.</summary>
public abstract class ModelSyntax
{
    public static ModelSyntax CSharp { get; } = new CSharpModelSyntax();
    public static ModelSyntax Python { get; } = new PythonModelSyntax();

    /// <summary>Names a field may not have because they are Python keywords (fields get a trailing '_').</summary>
    public static readonly HashSet<string> PythonKeywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
        "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
        "while", "with", "yield",
    };

    public abstract string Declare(string variable, string expression);
    public abstract string Assign(string variable, string expression);
    public abstract string Apply(string field, string variable);
    public abstract string Comment(string text);
    public abstract string SpatialMean(string variable, bool keepDims);
    public abstract string Zeros(Shape shape, string like);
    public abstract string Cat(IReadOnlyList<string> terms);
    /// <summary>A feature map of <paramref name="shape"/> moved one pixel up and left: rows and columns 1.. of it, then a
    /// zero row and column (PyTorch's <c>pad(x, (0, 1, 0, 1))[:, :, 1:, 1:]</c>).</summary>
    public abstract string ShiftedDownRight(string variable, Shape shape);
    public abstract (string Type, string Init) Conv(int inChannels, int outChannels, int kernel, int stride, int padding, int groups, bool bias);
    public abstract (string Type, string Init) Activation(ActivationKind kind);
    public abstract (string Type, string Init) Leaf(PlanNode node);

    protected static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
    protected static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The torch.nn class of an activation (the same name in TorchSharp and PyTorch).</summary>
    protected static string ActivationClass(ActivationKind kind) => kind switch
    {
        ActivationKind.Relu => "ReLU",
        ActivationKind.Relu6 => "ReLU6",
        ActivationKind.LeakyRelu => "LeakyReLU",
        ActivationKind.HardSwish => "Hardswish",
        ActivationKind.HardSigmoid => "Hardsigmoid",
        ActivationKind.Swish => "SiLU",
        ActivationKind.Sigmoid => "Sigmoid",
        ActivationKind.Tanh => "Tanh",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No module for this activation."),
    };

    private static string ShapeList(Shape shape) => shape.IsVector ? Int(shape.Channels) : Int(shape.Channels) + ", " + Int(shape.Height) + ", " + Int(shape.Width);

    private sealed class CSharpModelSyntax : ModelSyntax
    {
        private const string Modules = "global::TorchSharp.Modules.";
        private const string Nn = "global::TorchSharp.torch.nn.";

        public override string Declare(string variable, string expression) => "var " + variable + " = " + expression + ";";
        public override string Assign(string variable, string expression) => variable + " = " + expression + ";";
        public override string Apply(string field, string variable) => field + ".forward(" + variable + ")";
        public override string Comment(string text) => "// " + text;
        public override string SpatialMean(string variable, bool keepDims) => variable + ".mean(new long[] { 2, 3 }" + (keepDims ? ", true)" : ")");
        public override string Zeros(Shape shape, string like) =>
            "global::TorchSharp.torch.zeros(new long[] { " + like + ".shape[0], " + ShapeList(shape) + " }, " + like + ".dtype, " + like + ".device)";
        public override string Cat(IReadOnlyList<string> terms) => "global::TorchSharp.torch.cat(new[] { " + string.Join(", ", terms) + " }, 1)";

        // narrow, zeros and cat only: every supported TorchSharp version has them under these names.
        public override string ShiftedDownRight(string variable, Shape shape) =>
            "global::TorchSharp.torch.cat(new[] { global::TorchSharp.torch.cat(new[] { " + variable + ".narrow(2, 1, " + Int(shape.Height - 1) + "), "
            + Zeros(new Shape(shape.Channels, 1, shape.Width), variable) + " }, 2).narrow(3, 1, " + Int(shape.Width - 1) + "), "
            + Zeros(new Shape(shape.Channels, shape.Height, 1), variable) + " }, 3)";

        /// <summary>Defaults are left out: a literal <c>padding: 0</c> would also convert to TorchSharp's Padding enum (CS0121).</summary>
        public override (string Type, string Init) Conv(int inChannels, int outChannels, int kernel, int stride, int padding, int groups, bool bias) =>
            (Modules + "Conv2d", Nn + "Conv2d(" + Int(inChannels) + ", " + Int(outChannels) + ", " + Int(kernel) + (stride == 1 ? "" : ", stride: " + Int(stride))
                + (padding == 0 ? "" : ", padding: " + Int(padding)) + (groups == 1 ? "" : ", groups: " + Int(groups)) + ", bias: " + CSharpSyntax.Literal(bias) + ")");

        public override (string Type, string Init) Activation(ActivationKind kind) => (Modules + ActivationClass(kind), Nn + ActivationClass(kind) + "()");

        public override (string Type, string Init) Leaf(PlanNode node) => node switch
        {
            Conv2dNode c => Conv(c.InChannels, c.OutChannels, c.Kernel, c.Stride, c.Padding, c.Groups, c.Bias),
            BatchNormNode b => (Modules + "BatchNorm2d", Nn + "BatchNorm2d(" + Int(b.Channels)
                + (b.DefaultSettings ? "" : ", eps: " + Real(b.Eps) + ", momentum: " + Real(b.Momentum)) + ", affine: " + CSharpSyntax.Literal(b.Affine) + ")"),
            PoolNode { Kind: PoolKind.Max } p => (Modules + "MaxPool2d", Nn + "MaxPool2d(" + Int(p.Kernel) + ", stride: " + Int(p.Stride) + ", padding: " + Int(p.Padding) + ")"),
            // Positional: ceil_mode and count_include_pad are not named alike in every TorchSharp version.
            PoolNode p => (Modules + "AvgPool2d", Nn + "AvgPool2d(" + Int(p.Kernel) + ", " + Int(p.Stride) + ", " + Int(p.Padding) + ", false, " + CSharpSyntax.Literal(p.CountIncludePad) + ")"),
            LinearNode l => (Modules + "Linear", Nn + "Linear(" + Int(l.InFeatures) + ", " + Int(l.OutFeatures) + ", hasBias: " + CSharpSyntax.Literal(l.Bias) + ")"),
            DropoutNode d => (Modules + "Dropout", Nn + "Dropout(" + CSharpSyntax.Literal(d.Probability) + ")"),
            _ => throw new NotSupportedException("No explicit TorchSharp form for plan node " + node.GetType().Name + "."),
        };
    }

    private sealed class PythonModelSyntax : ModelSyntax
    {
        public override string Declare(string variable, string expression) => variable + " = " + expression;
        public override string Assign(string variable, string expression) => variable + " = " + expression;
        public override string Apply(string field, string variable) => "self." + field + "(" + variable + ")";
        public override string Comment(string text) => " # " + text;
        public override string SpatialMean(string variable, bool keepDims) => variable + ".mean((2, 3)" + (keepDims ? ", keepdim=True)" : ")");
        public override string Zeros(Shape shape, string like) => "torch.zeros(" + like + ".shape[0], " + ShapeList(shape) + ", dtype=" + like + ".dtype, device=" + like + ".device)";
        public override string Cat(IReadOnlyList<string> terms) => "torch.cat([" + string.Join(", ", terms) + "], 1)";
        public override string ShiftedDownRight(string variable, Shape shape) => "nn.functional.pad(" + variable + ", (0, 1, 0, 1))[:, :, 1:, 1:]";

        public override (string Type, string Init) Conv(int inChannels, int outChannels, int kernel, int stride, int padding, int groups, bool bias) =>
            ("nn.Conv2d", "nn.Conv2d(" + Int(inChannels) + ", " + Int(outChannels) + ", " + Int(kernel) + (stride == 1 ? "" : ", stride=" + Int(stride))
                + (padding == 0 ? "" : ", padding=" + Int(padding)) + (groups == 1 ? "" : ", groups=" + Int(groups)) + ", bias=" + Bool(bias) + ")");

        public override (string Type, string Init) Activation(ActivationKind kind) => ("nn." + ActivationClass(kind), "nn." + ActivationClass(kind) + "()");

        public override (string Type, string Init) Leaf(PlanNode node) => node switch
        {
            Conv2dNode c => Conv(c.InChannels, c.OutChannels, c.Kernel, c.Stride, c.Padding, c.Groups, c.Bias),
            BatchNormNode b => ("nn.BatchNorm2d", "nn.BatchNorm2d(" + Int(b.Channels)
                + (b.DefaultSettings ? "" : ", eps=" + Real(b.Eps) + ", momentum=" + Real(b.Momentum)) + ", affine=" + Bool(b.Affine) + ")"),
            PoolNode { Kind: PoolKind.Max } p => ("nn.MaxPool2d", "nn.MaxPool2d(" + Int(p.Kernel) + ", stride=" + Int(p.Stride) + ", padding=" + Int(p.Padding) + ")"),
            PoolNode p => ("nn.AvgPool2d", "nn.AvgPool2d(" + Int(p.Kernel) + ", stride=" + Int(p.Stride) + ", padding=" + Int(p.Padding) + ", count_include_pad=" + Bool(p.CountIncludePad) + ")"),
            LinearNode l => ("nn.Linear", "nn.Linear(" + Int(l.InFeatures) + ", " + Int(l.OutFeatures) + ", bias=" + Bool(l.Bias) + ")"),
            DropoutNode d => ("nn.Dropout", "nn.Dropout(" + d.Probability.ToString("R", CultureInfo.InvariantCulture) + ")"),
            _ => throw new NotSupportedException("No explicit PyTorch form for plan node " + node.GetType().Name + "."),
        };

        private static string Bool(bool value) => value ? "True" : "False";
    }
}
