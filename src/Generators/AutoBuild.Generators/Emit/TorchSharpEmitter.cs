using AutoBuild.Runtime;
using AutoBuild.Runtime.Ops;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Generators.Emit;

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

    /// <summary>The shared layer file: the layer classes (TorchSharpLayers/*.cs, embedded) after the header.</summary>
    public static string EmitLayers()
    {
        var w = new CodeWriter();
        SpaceEmitter.WriteHeader(w, "the TorchSharp layers of every AutoBuild space in this project");
        return w.ToString() + LayersText.Value;
    }

    /// <summary>The layer sources, in the order the layer file has them. Each is a C# file of its own (so that
    /// AutoBuild.TorchSharpLayers.Check compiles it) that opens the namespace with the same using aliases.</summary>
    private static readonly string[] LayerSources = { "PlanLayers.cs", "BlockLayers.cs", "CellLayers.cs", "OpLayers.cs", "TransformerLayers.cs" };

    private const string LayersNamespaceLine = "namespace " + LayersNamespace + "\n{\n";

    /// <summary>One namespace block: the first source's opening (namespace and using aliases), then each source's
    /// classes, a blank line apart, then the closing brace; the registered ops' dispatch lines replace their marker.</summary>
    private static readonly System.Lazy<string> LayersText = new(() =>
    {
        string? opening = null;
        var classes = new System.Collections.Generic.List<string>();
        foreach (var source in LayerSources)
        {
            var text = LayerSource(source);
            var start = text.IndexOf(LayersNamespaceLine, System.StringComparison.Ordinal);
            var usingsEnd = text.IndexOf("\n\n", start < 0 ? 0 : start, System.StringComparison.Ordinal);
            if (start < 0 || usingsEnd < 0 || !text.EndsWith("\n}\n", System.StringComparison.Ordinal))
                throw new System.InvalidOperationException($"The TorchSharp layer source {source} is not one namespace block opened by its using aliases.");
            var sourceOpening = text.Substring(start, usingsEnd + 2 - start);
            if (opening is not null && opening != sourceOpening)
                throw new System.InvalidOperationException($"The TorchSharp layer source {source} opens the namespace unlike {LayerSources[0]}.");
            opening ??= sourceOpening;
            classes.Add(text.Substring(usingsEnd + 2, text.Length - 2 - (usingsEnd + 2)));
        }
        return (opening + string.Join("\n", classes) + "}\n").Replace("            // {registered ops}\n", RegisteredOpCases());
    });

    private static string LayerSource(string name)
    {
        using var stream = typeof(TorchSharpEmitter).Assembly.GetManifestResourceStream("AutoBuild.Generators.TorchSharpLayers." + name)
            ?? throw new System.InvalidOperationException($"The TorchSharp layer source {name} is missing from AutoBuild.Generators.");
        using var reader = new System.IO.StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }

    /// <summary>One dispatch line per plan node type of <see cref="OpRegistry"/>'s ops, in registry order; its module expression reads
    /// the node as <c>n</c> (a block keeps each <c>n</c> to its own line).</summary>
    private static string RegisteredOpCases()
    {
        var lines = new System.Text.StringBuilder();
        var seen = new System.Collections.Generic.HashSet<System.Type>();
        // Ops may share a node type (attention and cross_attention both plan an AttentionNode): one line per type.
        foreach (var op in OpRegistry.All)
            if (seen.Add(op.NodeType))
                lines.Append("            if (node is Ops.").Append(op.NodeType.Name).Append(") { var n = (Ops.").Append(op.NodeType.Name)
                .Append(")node; return ").Append(op.TorchSharpModule).Append("; }\n");
        return lines.ToString();
    }

    /// <summary>The space type as the model classes name it: fully qualified, because inside them a member (the
    /// model's Plan property, a TorchSharp Module member) can shadow the type's simple name (a space named 'plan').</summary>
    internal static string QualifiedName(string? ns, string typeName) => "global::" + (ns is null ? "" : ns + ".") + typeName;

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

    /// <summary><c>&lt;Space&gt;BestModel</c>: Best written out as explicit code (<see cref="ExplicitModelEmitter"/>), with the same
    /// state-dict names as <c>&lt;Space&gt;Model</c> of Best. A plan with a registered op that has no explicit form keeps the
    /// generic form (a subclass of <c>&lt;Space&gt;Model</c>). <paramref name="spaceRef"/> is the qualified type (<see cref="QualifiedName"/>).</summary>
    internal static void WriteBestModel(CodeWriter w, SearchSpace space, string spaceType, string spaceRef, string canonical, string summary)
    {
        Plan? plan = null;
        if (space.TryParse(canonical, out var architecture, out _))
        {
            try { plan = space.Instantiate(architecture!); }
            catch (System.Exception e) when (e is InvalidArchitectureException or ShapeException) { plan = null; }
        }
        var modelType = spaceType + "BestModel";
        if (plan is null || !ExplicitModelEmitter.CanWrite(plan))
        {
            w.Summary(summary);
            using (w.Open("public sealed class " + modelType + " : " + spaceType + "Model"))
            {
                w.Summary("Builds the best architecture's model with freshly initialised weights.");
                w.Line("public " + modelType + "() : base(" + spaceRef + ".Best) { }");
            }
            return;
        }
        ExplicitModelEmitter.WriteClass(w, plan, modelType, summary, members =>
        {
            members.Line();
            members.Summary("The architecture this model implements (" + spaceType + ".Best).");
            members.Line("public " + spaceRef + ".Architecture Architecture => " + spaceRef + ".Best;");
            members.Line();
            members.Summary("The layer plan of Best, for inspection (shapes per layer); forward does not use it.");
            members.Line("public global::AutoBuild.Runtime.Plans.Plan Plan => " + spaceRef + ".ToPlan(" + spaceRef + ".Best);");
        });
    }
}
