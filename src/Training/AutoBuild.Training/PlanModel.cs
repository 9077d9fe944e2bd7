using AutoBuild.Generated.TorchSharp;
using AutoBuild.Runtime.Plans;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoBuild.Training;

/// <summary>A TorchSharp model of any layer plan, built at run time: the same layers and state-dict names as the
/// generated <c>&lt;Space&gt;Model</c> of the same architecture (the root's children registered under their plan
/// names, "body" for an unnamed root), so weights trained here load into the generated class and back.</summary>
public sealed class PlanModel : nn.Module<Tensor, Tensor>
{
    // An array, not fields: RegisterComponents() ignores arrays, so only the plan names are registered.
    private readonly nn.Module<Tensor, Tensor>[] _layers;

    public PlanModel(Plan plan) : base("PlanModel")
    {
        Plan = plan;
        var children = plan.Root is SequenceNode sequence ? sequence.Children : new PlanNode[] { plan.Root };
        _layers = new nn.Module<Tensor, Tensor>[children.Count];
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i] = PlanLayers.Build(children[i]);
            register_module(children[i].Name.Length == 0 ? "body" : children[i].Name, _layers[i]);
        }
        RegisterComponents();
    }

    /// <summary>The plan this model was built from.</summary>
    public Plan Plan { get; }

    public override Tensor forward(Tensor input) => LayerChain.Forward(_layers, input);
}
