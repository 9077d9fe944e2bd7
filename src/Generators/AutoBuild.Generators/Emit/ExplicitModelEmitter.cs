using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Runtime.Ops;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Generators.Emit;

/// <summary>
/// One architecture as a readable, self-contained TorchSharp class, written the way an engineer would: one named field
/// per layer (its name is the layer's state-dict path, <c>s1.0.body.conv</c> becoming <c>s1_0_body_conv</c>) and a
/// plain <c>forward</c> that calls them in order, with residual sums, cell nodes and concatenations written out. Nothing
/// interprets a plan at run time. Layers are registered under the same PyTorch-style names as the generic
/// <c>&lt;Space&gt;Model</c> of the architecture (through small name groups), so the state dicts of the two are
/// interchangeable. Used for <c>&lt;Space&gt;BestModel</c> and by `autobuild export --format torchsharp`.
/// </summary>
public sealed class ExplicitModelEmitter
{
    private const string Modules = "global::TorchSharp.Modules.";
    private const string Nn = "global::TorchSharp.torch.nn.";
    private const string Tensor = "global::TorchSharp.torch.Tensor";

    private readonly List<(string Field, string Type, string Init, string Path)> _fields = new();
    private readonly HashSet<string> _fieldNames = new(StringComparer.Ordinal);
    private readonly CodeWriter _forward = new();
    private readonly Func<string, string> _rename;
    private int _variables;

    private ExplicitModelEmitter(Func<string, string>? rename) => _rename = rename ?? (path => path);

    /// <summary>Whether every node of the plan has an explicit form (registered ops other than channel_shuffle do not:
    /// their model keeps the generic form).</summary>
    public static bool CanWrite(Plan plan) => Nodes(plan.Root).All(n => n is not OpNode || n is ChannelShuffleNode);

    /// <summary>Writes the class <paramref name="className"/>. <paramref name="members"/> adds members (the generated
    /// BestModel's Architecture and Plan); <paramref name="rename"/> maps a layer's state-dict path to the name it is
    /// registered under (torchvision names), identity when null.</summary>
    public static void WriteClass(CodeWriter w, Plan plan, string className, string summary, Action<CodeWriter>? members = null,
        Func<string, string>? rename = null)
    {
        if (!CanWrite(plan)) throw new NotSupportedException("The plan holds a registered op without an explicit TorchSharp form.");
        var emitter = new ExplicitModelEmitter(rename);
        emitter._forward.Line("var x = input;");
        var root = plan.Root is SequenceNode sequence ? sequence.Children : new PlanNode[] { plan.Root };
        foreach (var child in root) emitter.Emit(child, "x", child.Name.Length == 0 ? "body" : child.Name);

        w.Summary(summary);
        using (w.Open("public sealed class " + className + " : " + Nn + "Module<" + Tensor + ", " + Tensor + ">"))
        {
            foreach (var (field, type, init, _) in emitter._fields) w.Line("private readonly " + type + " " + field + " = " + init + ";");
            w.Line("private readonly global::System.Collections.Generic.Dictionary<string, NameGroup> _groups = new global::System.Collections.Generic.Dictionary<string, NameGroup>();");
            w.Line();
            w.Summary("Creates the network with freshly initialised weights (seed them with torch.manual_seed).");
            using (w.Open("public " + className + "() : base(" + CSharpSyntax.StringLiteral(className) + ")"))
            {
                w.Line("// State-dict names as PyTorch (and the generic model of this architecture) spell them. Every layer is");
                w.Line("// registered here by name, so RegisterComponents(), which would add the fields a second time, is not called.");
                foreach (var (field, _, _, path) in emitter._fields) w.Line("Register(" + CSharpSyntax.StringLiteral(emitter._rename(path)) + ", " + field + ");");
            }
            members?.Invoke(w);
            w.Line();
            w.Summary("Runs the network on a batch of images (N x C x H x W) and returns the logits.");
            w.Line("/// <param name=\"input\">The input batch.</param>");
            using (w.Open("public override " + Tensor + " forward(" + Tensor + " input)"))
            {
                w.Line("using var scope = global::TorchSharp.torch.NewDisposeScope();");
                foreach (var line in emitter._forward.ToString().TrimEnd('\n').Split('\n')) w.Line(line);
                w.Line("return x.MoveToOuterDisposeScope();");
            }
            w.Line();
            w.Summary("Registers a layer under a dotted name, creating the (weightless) groups of its prefix.");
            using (w.Open("private void Register(string path, " + Nn + "Module layer)"))
            {
                w.Line("var dot = path.LastIndexOf('.');");
                using (w.Open("if (dot < 0)"))
                {
                    w.Line("register_module(path, layer);");
                    w.Line("return;");
                }
                w.Line("Group(path.Substring(0, dot)).Add(path.Substring(dot + 1), layer);");
            }
            w.Line();
            using (w.Open("private NameGroup Group(string path)"))
            {
                w.Line("if (_groups.TryGetValue(path, out var group)) return group;");
                w.Line("var dot = path.LastIndexOf('.');");
                w.Line("group = new NameGroup(path);");
                w.Line("if (dot < 0) register_module(path, group);");
                w.Line("else Group(path.Substring(0, dot)).Add(path.Substring(dot + 1), group);");
                w.Line("_groups.Add(path, group);");
                w.Line("return group;");
            }
            w.Line();
            w.Summary("A weightless module that only gives its children a common name prefix.");
            using (w.Open("private sealed class NameGroup : " + Nn + "Module"))
            {
                w.Line("public NameGroup(string name) : base(name) { }");
                w.Line("public void Add(string name, " + Nn + "Module layer) => register_module(name, layer);");
            }
        }
    }

    private static IEnumerable<PlanNode> Nodes(PlanNode node)
    {
        yield return node;
        IEnumerable<PlanNode?> children = node switch
        {
            SequenceNode s => s.Children,
            ResidualNode r => new[] { r.Body, r.Shortcut },
            CellNode c => c.Edges.Select(e => e.Op),
            DagCellNode d => d.VertexOps.Concat(d.Projections),
            _ => Array.Empty<PlanNode>(),
        };
        foreach (var child in children)
            if (child is not null)
                foreach (var n in Nodes(child)) yield return n;
    }

    /// <summary>Writes statements that replace <paramref name="v"/> by <paramref name="node"/>(<paramref name="v"/>).</summary>
    private void Emit(PlanNode node, string v, string path)
    {
        switch (node)
        {
            case SequenceNode s:
                foreach (var child in s.Children) Emit(child, v, path + "." + child.Name);
                return;
            case ResidualNode r:
            {
                var shortcut = Variable("shortcut");
                _forward.Line("var {0} = {1};", shortcut, v);
                if (r.Shortcut is not null) Emit(r.Shortcut, shortcut, path + "." + r.Shortcut.Name);
                Emit(r.Body, v, path + "." + r.Body.Name);
                _forward.Line("{0} = {0} + {1};", v, shortcut);
                if (r.PostActivation != ActivationKind.None) Call(v, path + ".act", Activation(r.PostActivation));
                return;
            }
            case SqueezeExciteNode se:
            {
                var weights = Variable("excite");
                _forward.Line("var {0} = {1}.mean(new long[] {{ 2, 3 }}, true);", weights, v);
                Call(weights, path + ".reduce", (Modules + "Conv2d", Conv(se.Channels, se.Reduced, 1, 1, 0, 1, true)));
                if (se.Inner != ActivationKind.None) Call(weights, path + ".act", Activation(se.Inner));
                Call(weights, path + ".expand", (Modules + "Conv2d", Conv(se.Reduced, se.Channels, 1, 1, 0, 1, true)));
                if (se.Gate != ActivationKind.None) Call(weights, path + ".gate", Activation(se.Gate));
                _forward.Line("{0} = {0} * {1};", v, weights);
                return;
            }
            case CellNode cell:
                EmitCell(cell, v, path);
                return;
            case DagCellNode dag:
                EmitDagCell(dag, v, path);
                return;
            case ChannelShuffleNode shuffle:
            {
                var i = shuffle.Input;
                _forward.Line("{0} = {0}.reshape(-1, {1}, {2}, {3}, {4}).transpose(1, 2).reshape(-1, {5}, {3}, {4}); // channel shuffle, {1} groups",
                    v, shuffle.Groups, i.Channels / shuffle.Groups, i.Height, i.Width, i.Channels);
                return;
            }
            case GlobalPoolNode:
                _forward.Line("{0} = {0}.mean(new long[] {{ 2, 3 }});", v);
                return;
            case IdentityNode:
                return;
            case ZeroNode z:
                _forward.Line("{0} = {1};", v, Zeros(z.Output, v));
                return;
            case ActivationNode a:
                if (a.Kind != ActivationKind.None) Call(v, path, Activation(a.Kind));
                return;
            default:
                Call(v, path, Leaf(node));
                return;
        }
    }

    /// <summary>A NAS-Bench-201 style cell: node j sums (or concatenates) the ops of its incoming edges.</summary>
    private void EmitCell(CellNode cell, string v, string path)
    {
        var nodes = new string?[cell.NodeCount];
        nodes[0] = Variable("node");
        _forward.Line("var {0} = {1}; // cell {2}: node 0 is its input", nodes[0]!, v, path);
        for (var j = 1; j < cell.NodeCount; j++)
        {
            var terms = new List<string>();
            var zeroShape = (Shape?)null;
            foreach (var edge in cell.Edges.Where(e => e.To == j && nodes[e.From] is not null))
            {
                // A "none" edge adds zeros: in a sum it changes nothing, so it is left out.
                if (edge.Op is ZeroNode z && cell.Combine == CombineKind.Sum) { zeroShape = z.Output; continue; }
                var term = Variable("edge");
                _forward.Line("var {0} = {1};", term, nodes[edge.From]!);
                Emit(edge.Op, term, path + "." + edge.Op.Name);
                terms.Add(term);
            }
            if (terms.Count == 0 && zeroShape is null) continue;
            var node = Variable("node");
            nodes[j] = node;
            if (terms.Count == 0) _forward.Line("var {0} = {1};", node, Zeros(zeroShape!.Value, v));
            else if (cell.Combine == CombineKind.Concat && terms.Count > 1)
                _forward.Line("var {0} = global::TorchSharp.torch.cat(new[] {{ {1} }}, 1);", node, string.Join(", ", terms));
            else _forward.Line("var {0} = {1};", node, string.Join(" + ", terms));
        }
        _forward.Line("{0} = {1};", v, nodes[cell.OutputNode] ?? throw new NotSupportedException("The cell's output node has no input."));
    }

    /// <summary>A NAS-Bench-101 cell, unrolled: each interior vertex sums its truncated inputs (and the input's
    /// projection), applies its op; the output concatenates the vertices that feed it, plus the output projection.</summary>
    private void EmitDagCell(DagCellNode dag, string v, string path)
    {
        var last = dag.VertexCount - 1;
        var input = Variable("cellInput");
        _forward.Line("var {0} = {1}; // NAS-Bench-101 cell {2}", input, v, path);
        var outputs = new string?[dag.VertexCount];
        for (var vertex = 1; vertex < last; vertex++)
        {
            var terms = dag.Edges.Where(e => e.To == vertex && e.From != 0 && outputs[e.From] is not null)
                .Select(e => outputs[e.From] + ".narrow(1, 0, " + dag.VertexChannels[vertex].ToString(CultureInfo.InvariantCulture) + ")").ToList();
            var projection = vertex < dag.Projections.Count ? dag.Projections[vertex] : null;
            if (projection is not null) terms.Add(Projected(projection, input, path));
            var op = vertex < dag.VertexOps.Count ? dag.VertexOps[vertex] : null;
            if (terms.Count == 0 || op is null) continue;
            var output = Variable("vertex");
            outputs[vertex] = output;
            _forward.Line("var {0} = {1};", output, string.Join(" + ", terms));
            Emit(op, output, path + "." + op.Name);
        }
        var parts = dag.Edges.Where(e => e.To == last && e.From != 0 && outputs[e.From] is not null).Select(e => outputs[e.From]!).ToList();
        var outputProjection = last < dag.Projections.Count ? dag.Projections[last] : null;
        var sum = outputProjection is null ? null : Projected(outputProjection, input, path);
        var concat = parts.Count == 0 ? null : parts.Count == 1 ? parts[0] : "global::TorchSharp.torch.cat(new[] { " + string.Join(", ", parts) + " }, 1)";
        _forward.Line("{0} = {1};", v, concat is null ? sum ?? throw new NotSupportedException("The cell's output vertex has no input.")
            : sum is null ? concat : concat + " + " + sum);
    }

    private string Projected(PlanNode projection, string input, string path)
    {
        var projected = Variable("projection");
        _forward.Line("var {0} = {1};", projected, input);
        Emit(projection, projected, path + "." + projection.Name);
        return projected;
    }

    /// <summary>Declares the layer's field and writes <c>v = field.forward(v);</c>.</summary>
    private void Call(string v, string path, (string Type, string Init) layer)
    {
        var field = FieldName(path);
        _fields.Add((field, layer.Type, layer.Init, path));
        _forward.Line("{0} = {1}.forward({0});", v, field);
    }

    private static (string Type, string Init) Leaf(PlanNode node) => node switch
    {
        Conv2dNode c => (Modules + "Conv2d", Conv(c.InChannels, c.OutChannels, c.Kernel, c.Stride, c.Padding, c.Groups, c.Bias)),
        BatchNormNode b => (Modules + "BatchNorm2d", Nn + "BatchNorm2d(" + Int(b.Channels) + ", affine: " + CSharpSyntax.Literal(b.Affine) + ")"),
        PoolNode { Kind: PoolKind.Max } p => (Modules + "MaxPool2d", Nn + "MaxPool2d(" + Int(p.Kernel) + ", stride: " + Int(p.Stride) + ", padding: " + Int(p.Padding) + ")"),
        // Positional: ceil_mode and count_include_pad are not named alike in every TorchSharp version.
        PoolNode p => (Modules + "AvgPool2d", Nn + "AvgPool2d(" + Int(p.Kernel) + ", " + Int(p.Stride) + ", " + Int(p.Padding) + ", false, " + CSharpSyntax.Literal(p.CountIncludePad) + ")"),
        LinearNode l => (Modules + "Linear", Nn + "Linear(" + Int(l.InFeatures) + ", " + Int(l.OutFeatures) + ", hasBias: " + CSharpSyntax.Literal(l.Bias) + ")"),
        DropoutNode d => (Modules + "Dropout", Nn + "Dropout(" + CSharpSyntax.Literal(d.Probability) + ")"),
        _ => throw new NotSupportedException("No explicit TorchSharp form for plan node " + node.GetType().Name + "."),
    };

    /// <summary>Defaults are left out: a literal <c>padding: 0</c> would also convert to TorchSharp's Padding enum (CS0121).</summary>
    private static string Conv(int inChannels, int outChannels, int kernel, int stride, int padding, int groups, bool bias) =>
        Nn + "Conv2d(" + Int(inChannels) + ", " + Int(outChannels) + ", " + Int(kernel) + (stride == 1 ? "" : ", stride: " + Int(stride))
        + (padding == 0 ? "" : ", padding: " + Int(padding)) + (groups == 1 ? "" : ", groups: " + Int(groups)) + ", bias: " + CSharpSyntax.Literal(bias) + ")";

    private static (string Type, string Init) Activation(ActivationKind kind)
    {
        var name = kind switch
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
        return (Modules + name, Nn + name + "()");
    }

    private static string Zeros(Shape shape, string like) => shape.IsVector
        ? "global::TorchSharp.torch.zeros(new long[] { " + like + ".shape[0], " + Int(shape.Channels) + " }, " + like + ".dtype, " + like + ".device)"
        : "global::TorchSharp.torch.zeros(new long[] { " + like + ".shape[0], " + Int(shape.Channels) + ", " + Int(shape.Height) + ", " + Int(shape.Width) + " }, "
          + like + ".dtype, " + like + ".device)";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private string Variable(string stem) => stem + (++_variables).ToString(CultureInfo.InvariantCulture);

    /// <summary>The field of a layer: its path with '.' as '_' (a leading digit gets "layer"), unique in the class.</summary>
    private string FieldName(string path)
    {
        var name = CSharpSyntax.Identifier(path.Replace('.', '_'));
        if (name.Length > 0 && char.IsDigit(name[0])) name = "layer" + name;
        var unique = name;
        for (var k = 2; !_fieldNames.Add(unique) || unique.StartsWith("_groups", StringComparison.Ordinal); k++) unique = name + "_" + Int(k);
        return unique;
    }
}
