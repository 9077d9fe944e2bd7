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
    private const string Nn = "global::TorchSharp.torch.nn.";
    private const string Tensor = "global::TorchSharp.torch.Tensor";

    private readonly List<(string Field, string Type, string Init, string Path)> _fields = new();
    private readonly HashSet<string> _fieldNames = new(StringComparer.Ordinal);
    private readonly List<string> _forward = new();
    private readonly ModelSyntax _syntax;
    private int _variables;

    private ExplicitModelEmitter(ModelSyntax syntax) => _syntax = syntax;

    /// <summary>The layers (field name, type, initialiser, state-dict path) and the forward statements of a plan,
    /// written in <paramref name="syntax"/>'s language; the forward reads <c>input</c> and leaves its result in <c>x</c>.</summary>
    internal static (IReadOnlyList<(string Field, string Type, string Init, string Path)> Fields, IReadOnlyList<string> Forward) Walk(Plan plan, ModelSyntax syntax)
    {
        if (!CanWrite(plan)) throw new NotSupportedException("The plan holds a registered op without an explicit form.");
        var emitter = new ExplicitModelEmitter(syntax);
        emitter._forward.Add(syntax.Declare("x", "input"));
        var root = plan.Root is SequenceNode sequence ? sequence.Children : new PlanNode[] { plan.Root };
        foreach (var child in root) emitter.Emit(child, "x", child.Name.Length == 0 ? "body" : child.Name);
        return (emitter._fields, emitter._forward);
    }

    /// <summary>Whether every node of the plan has an explicit form (registered ops other than channel_shuffle and
    /// factorized_reduce, and encoder–decoders, do not: their model keeps the generic form).</summary>
    public static bool CanWrite(Plan plan) => Nodes(plan.Root).All(n => n is not (OpNode or EncoderDecoderNode) || n is ChannelShuffleNode or FactorizedReduceNode);

    /// <summary>Writes the class <paramref name="className"/>. <paramref name="members"/> adds members (the generated
    /// BestModel's Architecture and Plan); <paramref name="rename"/> maps a layer's state-dict path to the name it is
    /// registered under (torchvision names), identity when null.</summary>
    public static void WriteClass(CodeWriter w, Plan plan, string className, string summary, Action<CodeWriter>? members = null,
        Func<string, string>? rename = null)
    {
        var (fields, forward) = Walk(plan, ModelSyntax.CSharp);
        rename ??= path => path;

        w.Summary(summary);
        using (w.Open("public sealed class " + className + " : " + Nn + "Module<" + Tensor + ", " + Tensor + ">"))
        {
            foreach (var (field, type, init, _) in fields) w.Line("private readonly " + type + " " + field + " = " + init + ";");
            w.Line("private readonly global::System.Collections.Generic.Dictionary<string, NameGroup> _groups = new global::System.Collections.Generic.Dictionary<string, NameGroup>();");
            w.Line();
            w.Summary("Creates the network with freshly initialised weights (seed them with torch.manual_seed).");
            using (w.Open("public " + className + "() : base(" + CSharpSyntax.StringLiteral(className) + ")"))
            {
                w.Line("// State-dict names as PyTorch (and the generic model of this architecture) spell them. Every layer is");
                w.Line("// registered here by name, so RegisterComponents(), which would add the fields a second time, is not called.");
                foreach (var (field, _, _, path) in fields) w.Line("Register(" + CSharpSyntax.StringLiteral(rename(path)) + ", " + field + ");");
            }
            members?.Invoke(w);
            w.Line();
            w.Summary("Runs the network on a batch of images (N x C x H x W) and returns the logits.");
            w.Line("/// <param name=\"input\">The input batch.</param>");
            using (w.Open("public override " + Tensor + " forward(" + Tensor + " input)"))
            {
                w.Line("using var scope = global::TorchSharp.torch.NewDisposeScope();");
                foreach (var line in forward) w.Line(line);
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

    /// <summary>A standalone C# file holding only the class (it needs TorchSharp, nothing of AutoBuild): `autobuild export --format torchsharp`.</summary>
    public static string WriteFile(Plan plan, string? ns, string className, string summary, Func<string, string>? rename = null)
    {
        var w = new CodeWriter();
        w.Line("// Written by `autobuild export --format torchsharp`: " + OneLine(summary));
        w.Line("// A standalone TorchSharp model; it needs only a TorchSharp package.");
        w.Line();
        var scope = ns is null ? (CodeWriter.Block?)null : w.Open("namespace " + CSharpSyntax.Namespace(ns));
        WriteClass(w, plan, className, summary, rename: rename);
        scope?.Dispose();
        return w.ToString();
    }

    /// <summary>The same network as a standalone PyTorch module (`autobuild export --format pytorch`): layers registered
    /// under the same state-dict names, a plain forward, and a <c>__main__</c> that prints the output shape, the
    /// parameter count and the state-dict keys as JSON.</summary>
    public static string WritePyTorchFile(Plan plan, string className, string summary, Func<string, string>? rename = null)
    {
        var (fields, forward) = Walk(plan, ModelSyntax.Python);
        rename ??= path => path;
        var w = new CodeWriter();
        w.Line("# Written by `autobuild export --format pytorch`: " + OneLine(summary));
        w.Line("# A standalone PyTorch model; it needs only torch.");
        w.Line("import json");
        w.Line();
        w.Line("import torch");
        w.Line("from torch import nn");
        w.Line();
        w.Line();
        w.Line("class " + className + "(nn.Module):");
        w.Line("    \"\"\"" + OneLine(summary).Replace("\"", "'") + "\"\"\"");
        w.Line();
        w.Line("    def __init__(self):");
        w.Line("        super().__init__()");
        w.Line("        # Each layer is registered under its state-dict name (\"s1.0.body.conv\", as in the C# model) and kept as a");
        w.Line("        # plain attribute too, not registered twice, so that forward reads like ordinary PyTorch.");
        foreach (var (field, _, init, path) in fields)
            w.Line("        self._layer(\"" + rename(path) + "\", \"" + field + "\", " + init + ")");
        w.Line();
        w.Line("    def forward(self, input):");
        foreach (var line in forward) w.Line("        " + line);
        w.Line("        return x");
        w.Line();
        w.Line("    def _layer(self, path, attribute, module):");
        w.Line("        parent = self");
        w.Line("        *groups, name = path.split(\".\")");
        w.Line("        for group in groups:");
        w.Line("            if group not in parent._modules:");
        w.Line("                parent.add_module(group, nn.Module())");
        w.Line("            parent = parent._modules[group]");
        w.Line("        parent.add_module(name, module)");
        w.Line("        object.__setattr__(self, attribute, module)");
        w.Line();
        w.Line();
        w.Line("if __name__ == \"__main__\":");
        w.Line("    model = " + className + "().eval()");
        var input = plan.Input;
        w.Line("    x = torch.randn(2, " + (input.IsVector ? Int(input.Channels) : Int(input.Channels) + ", " + Int(input.Height) + ", " + Int(input.Width)) + ")");
        w.Line("    with torch.no_grad():");
        w.Line("        y = model(x)");
        w.Line("    print(json.dumps({\"output\": list(y.shape), \"params\": sum(p.numel() for p in model.parameters()),");
        w.Line("                      \"keys\": list(model.state_dict().keys())}))");
        return w.ToString();
    }

    /// <summary>Text for a comment or docstring line: printable ASCII only.</summary>
    private static string OneLine(string text) => new(text.Select(c => c >= 0x20 && c <= 0x7E ? c : '?').ToArray());

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
        var y = _syntax;
        switch (node)
        {
            case SequenceNode s:
                foreach (var child in s.Children) Emit(child, v, path + "." + child.Name);
                return;
            case ResidualNode r:
            {
                // The body first, then the shortcut (from the saved input): the generic model creates its layers in this
                // order, so the same seed gives both models the same initial weights.
                var shortcut = Variable("shortcut");
                _forward.Add(y.Declare(shortcut, v));
                Emit(r.Body, v, path + "." + r.Body.Name);
                if (r.Shortcut is not null) Emit(r.Shortcut, shortcut, path + "." + r.Shortcut.Name);
                _forward.Add(y.Assign(v, v + " + " + shortcut));
                if (r.PostActivation != ActivationKind.None) Call(v, path + ".act", y.Activation(r.PostActivation));
                return;
            }
            case SqueezeExciteNode se:
            {
                var weights = Variable("excite");
                _forward.Add(y.Declare(weights, y.SpatialMean(v, keepDims: true)));
                Call(weights, path + ".reduce", y.Conv(se.Channels, se.Reduced, 1, 1, 0, 1, true));
                if (se.Inner != ActivationKind.None) Call(weights, path + ".act", y.Activation(se.Inner));
                Call(weights, path + ".expand", y.Conv(se.Reduced, se.Channels, 1, 1, 0, 1, true));
                if (se.Gate != ActivationKind.None) Call(weights, path + ".gate", y.Activation(se.Gate));
                _forward.Add(y.Assign(v, v + " * " + weights));
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
                _forward.Add(y.Assign(v, string.Format(CultureInfo.InvariantCulture, "{0}.reshape(-1, {1}, {2}, {3}, {4}).transpose(1, 2).reshape(-1, {5}, {3}, {4})",
                    v, shuffle.Groups, i.Channels / shuffle.Groups, i.Height, i.Width, i.Channels)) + " " + y.Comment("channel shuffle, " + Int(shuffle.Groups) + " groups"));
                return;
            }
            case FactorizedReduceNode reduce:
                EmitFactorizedReduce(reduce, v, path);
                return;
            case GlobalPoolNode:
                _forward.Add(y.Assign(v, y.SpatialMean(v, keepDims: false)));
                return;
            case IdentityNode:
                return;
            case ZeroNode z:
                _forward.Add(y.Assign(v, y.Zeros(z.Output, v)));
                return;
            case ActivationNode a:
                if (a.Kind != ActivationKind.None) Call(v, path, y.Activation(a.Kind));
                return;
            default:
                Call(v, path, y.Leaf(node));
                return;
        }
    }

    /// <summary>factorized_reduce with the generic layer's names and creation order (conv_1, conv_2, bn; or conv, bn).</summary>
    private void EmitFactorizedReduce(FactorizedReduceNode reduce, string v, string path)
    {
        if (reduce.IsIdentity) return;
        var y = _syntax;
        int from = reduce.Input.Channels, to = reduce.Output.Channels;
        var bn = y.Leaf(reduce.Norm);
        if (reduce.Stride == 1)
        {
            Call(v, path + ".conv", y.Conv(from, to, 1, 1, 0, 1, !reduce.Affine));
            Call(v, path + ".bn", bn);
            return;
        }
        Call(v, path + ".relu", y.Activation(ActivationKind.Relu));
        var shifted = Variable("shifted");
        var half = Variable("half");
        _forward.Add(y.Declare(shifted, y.ShiftedDownRight(v, reduce.Input)) + " " + y.Comment("one pixel down and right, zero-padded"));
        _forward.Add(y.Declare(half, v));
        Call(half, path + ".conv_1", y.Conv(from, reduce.FirstHalf, 1, reduce.Stride, 0, 1, !reduce.Affine));
        Call(shifted, path + ".conv_2", y.Conv(from, to - reduce.FirstHalf, 1, reduce.Stride, 0, 1, !reduce.Affine));
        _forward.Add(y.Assign(v, y.Cat(new[] { half, shifted })));
        Call(v, path + ".bn", bn);
    }

    /// <summary>A NAS-Bench-201 style cell: node j sums (or concatenates) the ops of its incoming edges.</summary>
    private void EmitCell(CellNode cell, string v, string path)
    {
        var nodes = new string?[cell.NodeCount];
        var first = Variable("node");
        nodes[0] = first;
        _forward.Add(_syntax.Declare(first, v) + " " + _syntax.Comment("cell " + path + ": node 0 is its input"));
        for (var j = 1; j < cell.NodeCount; j++)
        {
            var terms = new List<string>();
            var zeroShape = (Shape?)null;
            foreach (var edge in cell.Edges.Where(e => e.To == j && nodes[e.From] is not null))
            {
                // A "none" edge adds zeros: in a sum it changes nothing, so it is left out.
                if (edge.Op is ZeroNode z && cell.Combine == CombineKind.Sum) { zeroShape = z.Output; continue; }
                var term = Variable("edge");
                _forward.Add(_syntax.Declare(term, nodes[edge.From]!));
                Emit(edge.Op, term, path + "." + edge.Op.Name);
                terms.Add(term);
            }
            if (terms.Count == 0 && zeroShape is null) continue;
            var node = Variable("node");
            nodes[j] = node;
            _forward.Add(_syntax.Declare(node, terms.Count == 0 ? _syntax.Zeros(zeroShape!.Value, v)
                : cell.Combine == CombineKind.Concat && terms.Count > 1 ? _syntax.Cat(terms) : string.Join(" + ", terms)));
        }
        _forward.Add(_syntax.Assign(v, nodes[cell.OutputNode] ?? throw new NotSupportedException("The cell's output node has no input.")));
    }

    /// <summary>A NAS-Bench-101 cell, unrolled: each interior vertex sums its truncated inputs (and the input's
    /// projection), applies its op; the output concatenates the vertices that feed it, plus the output projection.</summary>
    private void EmitDagCell(DagCellNode dag, string v, string path)
    {
        var last = dag.VertexCount - 1;
        var input = Variable("cellInput");
        _forward.Add(_syntax.Declare(input, v) + " " + _syntax.Comment("NAS-Bench-101 cell " + path));
        var outputs = new string?[dag.VertexCount];
        for (var vertex = 1; vertex < last; vertex++)
        {
            var terms = dag.Edges.Where(e => e.To == vertex && e.From != 0 && outputs[e.From] is not null)
                .Select(e => outputs[e.From] + ".narrow(1, 0, " + Int(dag.VertexChannels[vertex]) + ")").ToList();
            var projection = vertex < dag.Projections.Count ? dag.Projections[vertex] : null;
            var projectionFields = _fields.Count;
            if (projection is not null) terms.Add(Projected(projection, input, path));
            var op = vertex < dag.VertexOps.Count ? dag.VertexOps[vertex] : null;
            if (terms.Count == 0 || op is null) continue;
            var output = Variable("vertex");
            outputs[vertex] = output;
            _forward.Add(_syntax.Declare(output, string.Join(" + ", terms)));
            var opFields = _fields.Count;
            Emit(op, output, path + "." + op.Name);
            // The generic model creates a vertex's op before its projection: declare the fields in that order too.
            var created = _fields.GetRange(opFields, _fields.Count - opFields);
            _fields.RemoveRange(opFields, created.Count);
            _fields.InsertRange(projectionFields, created);
        }
        var parts = dag.Edges.Where(e => e.To == last && e.From != 0 && outputs[e.From] is not null).Select(e => outputs[e.From]!).ToList();
        var outputProjection = last < dag.Projections.Count ? dag.Projections[last] : null;
        var sum = outputProjection is null ? null : Projected(outputProjection, input, path);
        var concat = parts.Count == 0 ? null : parts.Count == 1 ? parts[0] : _syntax.Cat(parts);
        _forward.Add(_syntax.Assign(v, concat is null ? sum ?? throw new NotSupportedException("The cell's output vertex has no input.")
            : sum is null ? concat : concat + " + " + sum));
    }

    private string Projected(PlanNode projection, string input, string path)
    {
        var projected = Variable("projection");
        _forward.Add(_syntax.Declare(projected, input));
        Emit(projection, projected, path + "." + projection.Name);
        return projected;
    }

    /// <summary>Declares the layer's field and writes <c>v = field(v)</c>.</summary>
    private void Call(string v, string path, (string Type, string Init) layer)
    {
        var field = FieldName(path);
        _fields.Add((field, layer.Type, layer.Init, path));
        _forward.Add(_syntax.Assign(v, _syntax.Apply(field, v)));
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private string Variable(string stem) => stem + Int(++_variables);

    /// <summary>The field of a layer: its path with '.' as '_' (a leading digit gets "_"), unique in the class.</summary>
    private string FieldName(string path)
    {
        var name = CSharpSyntax.Identifier(path.Replace('.', '_')).TrimStart('@');
        if (ModelSyntax.PythonKeywords.Contains(name)) name += "_";
        var unique = name;
        for (var k = 2; !_fieldNames.Add(unique) || unique.StartsWith("_groups", StringComparison.Ordinal); k++) unique = name + "_" + Int(k);
        return unique;
    }
}
