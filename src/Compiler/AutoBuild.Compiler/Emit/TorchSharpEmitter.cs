namespace AutoBuild.Compiler.Emit;

/// <summary>TorchSharp code for compilations that reference TorchSharp: one shared file of layer classes that
/// build any <c>PlanNode</c> tree (internal, in the consumer's assembly, because TorchSharp types exist only
/// there), and a model class per space. The code keeps the rules of docs torchsharp-api.md: it compiles
/// against TorchSharp 0.99 and 0.106 (only argument names both share are named, the rest is positional),
/// children are registered under their plan names (PyTorch-style state_dict keys such as
/// <c>stem.conv.weight</c>), <c>RegisterComponents()</c> runs last, every <c>forward</c> works in a dispose
/// scope and never returns its input object, and only <c>forward</c> (present in both versions) is called.</summary>
public static class TorchSharpEmitter
{
    /// <summary>Hint name of the shared layer file.</summary>
    public const string LayersHintName = "AutoBuild.TorchSharpLayers.g.cs";

    /// <summary>Namespace of the shared layer classes.</summary>
    public const string LayersNamespace = "AutoBuild.Generated.TorchSharp";

    public static string EmitLayers()
    {
        var w = new CodeWriter();
        SpaceEmitter.WriteHeader(w, "the TorchSharp layers of every AutoBuild space in this project");
        using (w.Open("namespace " + LayersNamespace))
        {
            WriteAliases(w);
            w.Line();
            WriteBuilder(w);
            WriteContainer(w);
            WriteSequence(w);
            WriteResidual(w);
            WriteSqueezeExcite(w);
            WriteCell(w);
            WriteDagCell(w);
            WriteSmallLayers(w);
        }
        return w.ToString();
    }

    internal static void WriteAliases(CodeWriter w)
    {
        w.Line("using Tensor = global::TorchSharp.torch.Tensor;");
        w.Line("using Layer = global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>;");
        w.Line("using Torch = global::TorchSharp.torch;");
        w.Line("using Plans = global::AutoBuild.Runtime.Plans;");
    }

    private static void WriteBuilder(CodeWriter w)
    {
        w.Summary("Builds the TorchSharp layer of one plan node.");
        using (w.Open("internal static class PlanLayers"))
        {
            using (w.Open("public static Layer Build(Plans.PlanNode node)"))
            {
                w.Line("if (node is Plans.Conv2dNode c)");
                w.Line("    return Torch.nn.Conv2d(c.InChannels, c.OutChannels, c.Kernel, stride: c.Stride, padding: c.Padding, groups: c.Groups, bias: c.Bias);");
                w.Line("if (node is Plans.BatchNormNode b) return Torch.nn.BatchNorm2d(b.Channels, affine: b.Affine);");
                w.Line("if (node is Plans.ActivationNode a) return Activation(a.Kind);");
                w.Line("if (node is Plans.PoolNode p)");
                w.Line("    return p.Kind == Plans.PoolKind.Max");
                w.Line("        ? Torch.nn.MaxPool2d(p.Kernel, stride: p.Stride, padding: p.Padding)");
                w.Line("        // Positional: ceil_mode and count_include_pad are not named alike in every TorchSharp version.");
                w.Line("        : Torch.nn.AvgPool2d(p.Kernel, p.Stride, p.Padding, false, p.CountIncludePad);");
                w.Line("if (node is Plans.GlobalPoolNode) return new GlobalAveragePool();");
                w.Line("if (node is Plans.LinearNode l) return Torch.nn.Linear(l.InFeatures, l.OutFeatures, hasBias: l.Bias);");
                w.Line("if (node is Plans.DropoutNode d) return Torch.nn.Dropout(d.Probability);");
                w.Line("if (node is Plans.IdentityNode) return new IdentityLayer();");
                w.Line("if (node is Plans.ZeroNode z) return new ZeroLayer(z.Output);");
                w.Line("if (node is Plans.SequenceNode s) return new SequenceLayer(s);");
                w.Line("if (node is Plans.ResidualNode r) return new ResidualLayer(r);");
                w.Line("if (node is Plans.SqueezeExciteNode se) return new SqueezeExciteLayer(se);");
                w.Line("if (node is Plans.CellNode cell) return new CellLayer(cell);");
                w.Line("if (node is Plans.DagCellNode dag) return new DagCellLayer(dag);");
                w.Line("throw new global::System.NotSupportedException(\"AutoBuild: no TorchSharp layer for plan node \" + node.GetType().Name + \".\");");
            }
            w.Line();
            w.Summary("An activation module; the identity for ActivationKind.None.");
            using (w.Open("public static Layer Activation(Plans.ActivationKind kind)"))
            {
                using (w.Open("switch (kind)"))
                {
                    w.Line("case Plans.ActivationKind.Relu: return Torch.nn.ReLU();");
                    w.Line("case Plans.ActivationKind.Relu6: return Torch.nn.ReLU6();");
                    w.Line("case Plans.ActivationKind.LeakyRelu: return Torch.nn.LeakyReLU();");
                    w.Line("case Plans.ActivationKind.HardSwish: return Torch.nn.Hardswish();");
                    w.Line("case Plans.ActivationKind.HardSigmoid: return Torch.nn.Hardsigmoid();");
                    w.Line("case Plans.ActivationKind.Swish: return Torch.nn.SiLU();");
                    w.Line("case Plans.ActivationKind.Sigmoid: return Torch.nn.Sigmoid();");
                    w.Line("case Plans.ActivationKind.Tanh: return Torch.nn.Tanh();");
                    w.Line("default: return new IdentityLayer();");
                }
            }
        }
        w.Line();
    }

    private static void WriteContainer(CodeWriter w)
    {
        w.Summary("Runs children in order inside a dispose scope; shared by the sequence layer and the generated models.");
        using (w.Open("internal static class LayerChain"))
        {
            using (w.Open("public static Tensor Forward(Layer[] layers, Tensor input)"))
            {
                w.Line("using var scope = Torch.NewDisposeScope();");
                w.Line("var x = input;");
                w.Line("foreach (var layer in layers) x = layer.forward(x);");
                w.Line("// A layer never hands back its input object: an enclosing Sequential would dispose it.");
                w.Line("if (ReferenceEquals(x, input)) x = input.alias();");
                w.Line("return x.MoveToOuterDisposeScope();");
            }
        }
        w.Line();
    }

    private static void WriteSequence(CodeWriter w)
    {
        w.Summary("Children applied in order, registered under their plan names (\"0\", \"conv\", \"bn\", ...).");
        using (w.Open("internal sealed class SequenceLayer : Layer"))
        {
            w.Line("// An array, not fields: RegisterComponents() ignores arrays, the names come from register_module.");
            w.Line("private readonly Layer[] _children;");
            w.Line();
            using (w.Open("public SequenceLayer(Plans.SequenceNode node) : base(\"Sequence\")"))
            {
                w.Line("_children = new Layer[node.Children.Count];");
                using (w.Open("for (var i = 0; i < _children.Length; i++)"))
                {
                    w.Line("_children[i] = PlanLayers.Build(node.Children[i]);");
                    w.Line("register_module(node.Children[i].Name, _children[i]);");
                }
                w.Line("RegisterComponents();");
            }
            w.Line();
            w.Line("public override Tensor forward(Tensor input) => LayerChain.Forward(_children, input);");
        }
        w.Line();
    }

    private static void WriteResidual(CodeWriter w)
    {
        w.Summary("out = act(body(x) + shortcut(x)); the shortcut is the identity when the plan has none.");
        using (w.Open("internal sealed class ResidualLayer : Layer"))
        {
            w.Line("// Body, shortcut and activation by index, in an array so that only their plan names are registered.");
            w.Line("private readonly Layer?[] _parts = new Layer?[3];");
            w.Line();
            using (w.Open("public ResidualLayer(Plans.ResidualNode node) : base(\"Residual\")"))
            {
                w.Line("_parts[0] = PlanLayers.Build(node.Body);");
                w.Line("register_module(node.Body.Name, _parts[0]!);");
                using (w.Open("if (node.Shortcut != null)"))
                {
                    w.Line("_parts[1] = PlanLayers.Build(node.Shortcut);");
                    w.Line("register_module(node.Shortcut.Name, _parts[1]!);");
                }
                using (w.Open("if (node.PostActivation != Plans.ActivationKind.None)"))
                {
                    w.Line("_parts[2] = PlanLayers.Activation(node.PostActivation);");
                    w.Line("register_module(\"act\", _parts[2]!);");
                }
                w.Line("RegisterComponents();");
            }
            w.Line();
            using (w.Open("public override Tensor forward(Tensor input)"))
            {
                w.Line("using var scope = Torch.NewDisposeScope();");
                w.Line("var y = _parts[0]!.forward(input);");
                w.Line("var shortcut = _parts[1];");
                w.Line("var sum = shortcut == null ? y + input : y + shortcut.forward(input);");
                w.Line("var act = _parts[2];");
                w.Line("var output = act == null ? sum : act.forward(sum);");
                w.Line("return output.MoveToOuterDisposeScope();");
            }
        }
        w.Line();
    }

    private static void WriteSqueezeExcite(CodeWriter w)
    {
        w.Summary("Squeeze-and-excitation: x * gate(expand(act(reduce(mean(x))))). Fields are the state_dict names.");
        using (w.Open("internal sealed class SqueezeExciteLayer : Layer"))
        {
            w.Line("private readonly global::TorchSharp.Modules.Conv2d reduce;");
            w.Line("private readonly Layer act;");
            w.Line("private readonly global::TorchSharp.Modules.Conv2d expand;");
            w.Line("private readonly Layer gate;");
            w.Line();
            using (w.Open("public SqueezeExciteLayer(Plans.SqueezeExciteNode node) : base(\"SqueezeExcite\")"))
            {
                w.Line("reduce = Torch.nn.Conv2d(node.Channels, node.Reduced, 1, bias: true);");
                w.Line("act = PlanLayers.Activation(node.Inner);");
                w.Line("expand = Torch.nn.Conv2d(node.Reduced, node.Channels, 1, bias: true);");
                w.Line("gate = PlanLayers.Activation(node.Gate);");
                w.Line("RegisterComponents();");
            }
            w.Line();
            using (w.Open("public override Tensor forward(Tensor input)"))
            {
                w.Line("using var scope = Torch.NewDisposeScope();");
                w.Line("var squeezed = input.mean(new long[] { 2, 3 }, true);");
                w.Line("var weights = gate.forward(expand.forward(act.forward(reduce.forward(squeezed))));");
                w.Line("return (input * weights).MoveToOuterDisposeScope();");
            }
        }
        w.Line();
    }

    private static void WriteCell(CodeWriter w)
    {
        w.Summary("A DAG cell: node 0 is the input; every other node sums (or concatenates) the ops on its incoming edges.");
        using (w.Open("internal sealed class CellLayer : Layer"))
        {
            w.Line("private readonly Plans.CellNode _node;");
            w.Line("private readonly Layer[] _edges;");
            w.Line("private readonly Layer?[] _nodeOps;");
            w.Line();
            using (w.Open("public CellLayer(Plans.CellNode node) : base(\"Cell\")"))
            {
                w.Line("_node = node;");
                w.Line("_edges = new Layer[node.Edges.Count];");
                using (w.Open("for (var i = 0; i < _edges.Length; i++)"))
                {
                    w.Line("_edges[i] = PlanLayers.Build(node.Edges[i].Op);");
                    w.Line("register_module(node.Edges[i].Op.Name, _edges[i]);");
                }
                w.Line("_nodeOps = new Layer?[node.NodeCount];");
                using (w.Open("for (var j = 0; node.NodeOps != null && j < node.NodeOps.Count && j < _nodeOps.Length; j++)"))
                {
                    w.Line("var op = node.NodeOps[j];");
                    w.Line("if (op == null) continue;");
                    w.Line("_nodeOps[j] = PlanLayers.Build(op);");
                    w.Line("register_module(op.Name, _nodeOps[j]!);");
                }
                w.Line("RegisterComponents();");
            }
            w.Line();
            using (w.Open("public override Tensor forward(Tensor input)"))
            {
                w.Line("using var scope = Torch.NewDisposeScope();");
                w.Line("var nodes = new Tensor?[_node.NodeCount];");
                w.Line("nodes[0] = input;");
                using (w.Open("for (var j = 1; j < nodes.Length; j++)"))
                {
                    w.Line("var incoming = new global::System.Collections.Generic.List<Tensor>();");
                    using (w.Open("for (var i = 0; i < _edges.Length; i++)"))
                    {
                        w.Line("var edge = _node.Edges[i];");
                        w.Line("var from = nodes[edge.From];");
                        w.Line("if (edge.To == j && from is not null) incoming.Add(_edges[i].forward(from));");
                    }
                    w.Line("if (incoming.Count == 0) continue;");
                    w.Line("Tensor combined;");
                    w.Line("if (_node.Combine == Plans.CombineKind.Concat) combined = incoming.Count == 1 ? incoming[0] : Torch.cat(incoming, 1);");
                    using (w.Open("else"))
                    {
                        w.Line("combined = incoming[0];");
                        w.Line("for (var k = 1; k < incoming.Count; k++) combined = combined + incoming[k];");
                    }
                    w.Line("var nodeOp = _nodeOps[j];");
                    w.Line("nodes[j] = nodeOp == null ? combined : nodeOp.forward(combined);");
                }
                w.Line("var output = nodes[_node.OutputNode] ?? throw new global::System.InvalidOperationException(\"AutoBuild: the cell's output node has no input.\");");
                w.Line("if (ReferenceEquals(output, input)) output = input.alias();");
                w.Line("return output.MoveToOuterDisposeScope();");
            }
        }
        w.Line();
    }

    private static void WriteDagCell(CodeWriter w)
    {
        w.Summary("A NAS-Bench-101 cell: interior vertices sum their inputs (earlier vertices truncated to the vertex's channels, the cell input through its projection) and apply their op; the output concatenates the interior vertices that feed it, plus the input's projection.");
        using (w.Open("internal sealed class DagCellLayer : Layer"))
        {
            w.Line("private readonly Plans.DagCellNode _node;");
            w.Line("private readonly Layer?[] _ops;");
            w.Line("private readonly Layer?[] _projections;");
            w.Line();
            using (w.Open("public DagCellLayer(Plans.DagCellNode node) : base(\"DagCell\")"))
            {
                w.Line("_node = node;");
                w.Line("_ops = new Layer?[node.VertexCount];");
                w.Line("_projections = new Layer?[node.VertexCount];");
                using (w.Open("for (var v = 0; v < node.VertexCount; v++)"))
                {
                    w.Line("var op = v < node.VertexOps.Count ? node.VertexOps[v] : null;");
                    using (w.Open("if (op != null)"))
                    {
                        w.Line("_ops[v] = PlanLayers.Build(op);");
                        w.Line("register_module(op.Name, _ops[v]!);");
                    }
                    w.Line("var projection = v < node.Projections.Count ? node.Projections[v] : null;");
                    using (w.Open("if (projection != null)"))
                    {
                        w.Line("_projections[v] = PlanLayers.Build(projection);");
                        w.Line("register_module(projection.Name, _projections[v]!);");
                    }
                }
                w.Line("RegisterComponents();");
            }
            w.Line();
            using (w.Open("public override Tensor forward(Tensor input)"))
            {
                w.Line("using var scope = Torch.NewDisposeScope();");
                w.Line("var last = _node.VertexCount - 1;");
                w.Line("var outputs = new Tensor?[_node.VertexCount];");
                using (w.Open("for (var v = 1; v < last; v++)"))
                {
                    w.Line("Tensor? sum = null;");
                    using (w.Open("foreach (var edge in _node.Edges)"))
                    {
                        w.Line("var from = outputs[edge.From];");
                        w.Line("if (edge.To != v || edge.From == 0 || from is null) continue;");
                        w.Line("var term = from.narrow(1, 0, _node.VertexChannels[v]);");
                        w.Line("sum = sum is null ? term : sum + term;");
                    }
                    w.Line("var projection = _projections[v];");
                    w.Line("if (projection != null) sum = sum is null ? projection.forward(input) : sum + projection.forward(input);");
                    w.Line("var op = _ops[v];");
                    w.Line("if (sum is not null && op != null) outputs[v] = op.forward(sum);");
                }
                w.Line("var parts = new global::System.Collections.Generic.List<Tensor>();");
                using (w.Open("foreach (var edge in _node.Edges)"))
                {
                    w.Line("var from = outputs[edge.From];");
                    w.Line("if (edge.To == last && edge.From != 0 && from is not null) parts.Add(from);");
                }
                w.Line("Tensor? output = parts.Count == 0 ? null : parts.Count == 1 ? parts[0].alias() : Torch.cat(parts, 1);");
                w.Line("var outputProjection = _projections[last];");
                w.Line("if (outputProjection != null) output = output is null ? outputProjection.forward(input) : output + outputProjection.forward(input);");
                w.Line("if (output is null) throw new global::System.InvalidOperationException(\"AutoBuild: the cell's output vertex has no input.\");");
                w.Line("return output.MoveToOuterDisposeScope();");
            }
        }
        w.Line();
    }

    private static void WriteSmallLayers(CodeWriter w)
    {
        w.Summary("Global average pooling to a vector of channels.");
        using (w.Open("internal sealed class GlobalAveragePool : Layer"))
        {
            w.Line("public GlobalAveragePool() : base(\"GlobalAveragePool\") { RegisterComponents(); }");
            w.Line();
            w.Line("public override Tensor forward(Tensor input) => input.mean(new long[] { 2, 3 });");
        }
        w.Line();
        w.Summary("The identity, returning a new tensor object (an alias) as every layer must.");
        using (w.Open("internal sealed class IdentityLayer : Layer"))
        {
            w.Line("public IdentityLayer() : base(\"Identity\") { RegisterComponents(); }");
            w.Line();
            w.Line("public override Tensor forward(Tensor input) => input.alias();");
        }
        w.Line();
        w.Summary("The \"none\" op: zeros of the planned output shape.");
        using (w.Open("internal sealed class ZeroLayer : Layer"))
        {
            w.Line("private readonly long[] _shape;");
            w.Line();
            using (w.Open("public ZeroLayer(Plans.Shape output) : base(\"Zero\")"))
            {
                w.Line("_shape = output.IsVector ? new long[] { 0, output.Channels } : new long[] { 0, output.Channels, output.Height, output.Width };");
                w.Line("RegisterComponents();");
            }
            w.Line();
            using (w.Open("public override Tensor forward(Tensor input)"))
            {
                w.Line("var shape = (long[])_shape.Clone();");
                w.Line("shape[0] = input.shape[0];");
                w.Line("return Torch.zeros(shape, input.dtype, input.device);");
            }
        }
    }

    /// <summary>The model class of a space: builds the plan of an architecture and registers the root's children
    /// under their plan names, so state_dict keys read like PyTorch's (<c>stem.conv.weight</c>, <c>cells.0.edge_0_1.conv.weight</c>).</summary>
    internal static void WriteModel(CodeWriter w, string spaceType, string modelType, string spaceDisplayName)
    {
        w.Summary("A TorchSharp model of any architecture of the " + spaceDisplayName + " space, built from its layer plan.");
        using (w.Open("public class " + modelType + " : global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>"))
        {
            w.Line("private readonly global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>[] _layers;");
            w.Line();
            w.SummaryXml("Builds the model of <paramref name=\"architecture\"/>.");
            w.Line("/// <param name=\"architecture\">Any architecture of the space.</param>");
            using (w.Open("public " + modelType + "(" + spaceType + ".Architecture architecture) : base(" + CSharpSyntax.StringLiteral(modelType) + ")"))
            {
                w.Line("Architecture = architecture;");
                w.Line("Plan = " + spaceType + ".ToPlan(architecture);");
                w.Line("var root = Plan.Root;");
                w.Line("var children = root is global::AutoBuild.Runtime.Plans.SequenceNode sequence");
                w.Line("    ? sequence.Children");
                w.Line("    : new global::AutoBuild.Runtime.Plans.PlanNode[] { root };");
                w.Line("_layers = new global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>[children.Count];");
                using (w.Open("for (var i = 0; i < _layers.Length; i++)"))
                {
                    w.Line("_layers[i] = global::" + LayersNamespace + ".PlanLayers.Build(children[i]);");
                    w.Line("register_module(children[i].Name.Length == 0 ? \"body\" : children[i].Name, _layers[i]);");
                }
                w.Line("// Last, as TorchSharp requires. Layers are registered by name above, not through fields, so a");
                w.Line("// derived class loses nothing on TorchSharp 0.99 (which only reflects over the runtime type's own fields).");
                w.Line("RegisterComponents();");
            }
            w.Line();
            w.Summary("The architecture this model implements.");
            w.Line("public " + spaceType + ".Architecture Architecture { get; }");
            w.Line();
            w.Summary("The layer plan the model was built from (shapes per layer).");
            w.Line("public global::AutoBuild.Runtime.Plans.Plan Plan { get; }");
            w.Line();
            w.Summary("Runs the network on a batch of images (N x C x H x W) and returns the logits (N x classes).");
            w.Line("/// <param name=\"input\">The input batch.</param>");
            w.Line("public override global::TorchSharp.torch.Tensor forward(global::TorchSharp.torch.Tensor input) => global::" + LayersNamespace + ".LayerChain.Forward(_layers, input);");
        }
    }
}
